package dev.timescope.internal.clock;

import java.util.List;
import java.util.stream.Collectors;

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
        // Up to the first frame of application code: pool and factory frames are context, that frame is the answer.
        List<StackTraceElement> frames = WALKER.walk(s -> s
                .filter(f -> !isPlumbing(f.getClassName()))
                .limit(MAX_FRAMES)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .collect(Collectors.toList()));
        for (int i = 0; i < frames.size(); i++) {
            if (!isJdk(frames.get(i).getClassName())) {
                frames = frames.subList(0, i + 1);
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
