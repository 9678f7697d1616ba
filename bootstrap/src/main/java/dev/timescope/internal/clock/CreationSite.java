package dev.timescope.internal.clock;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a member thread was constructed, for leak reports: the first few frames of the creating
 * code, skipping the JDK's and ours, so a report points at the test or the library that did it.
 */
public final class CreationSite {

    private static final int MAX_FRAMES = 8;
    private static final StackWalker WALKER = StackWalker.getInstance();

    private CreationSite() {
    }

    public static StackTraceElement[] capture() {
        return WALKER.walk(CreationSite::firstFrames);
    }

    /**
     * Up to the first frame of application code: pool and factory frames are context, that frame is the answer.
     * Only the frames kept are turned into {@link StackTraceElement}s, the costly part of a walk.
     */
    private static StackTraceElement[] firstFrames(Stream<StackWalker.StackFrame> stack) {
        List<StackTraceElement> frames = new ArrayList<>(4);
        Iterator<StackWalker.StackFrame> it = stack.iterator();
        while (frames.size() < MAX_FRAMES && it.hasNext()) {
            StackWalker.StackFrame f = it.next();
            String className = f.getClassName();
            if (isPlumbing(className)) {
                continue;
            }
            frames.add(f.toStackTraceElement());
            if (!isJdk(className)) {
                break;
            }
        }
        return frames.toArray(new StackTraceElement[0]);
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.");
    }

    private static boolean isPlumbing(String className) {
        return className.startsWith("java.lang.Thread")
                || className.startsWith("java.lang.VirtualThread")
                || className.startsWith("dev.timescope.internal.")
                || className.startsWith("jdk.internal.");
    }
}
