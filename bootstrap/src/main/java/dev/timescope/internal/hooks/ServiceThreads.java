package dev.timescope.internal.hooks;

/**
 * Threads that never join a domain even when a member constructs them (contract, section 1): JVM
 * service threads, JFR's, the JUnit timeout watcher, the JDK's shared pools and virtual-thread
 * plumbing, and timescope's own. A member often triggers their lazy creation; adopting them would
 * fake their time and report them as leaks.
 */
final class ServiceThreads {

    private static final String[] NAME_PREFIXES = {
        "timescope-",
        "Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner", "Attach Listener",
        "Notification Thread", "Service Thread", "process reaper",
        "JFR ",
        "junit-jupiter-timeout-watcher",
        "ForkJoinPool.commonPool-", // the common pool's workers and, on JDK 25, its delay scheduler
        "CompletableFutureDelayScheduler", // JDK 17's shared delayer, named after construction
        "VirtualThread-unparker", "VirtualThread-unblocker", "Read-Poller", "Write-Poller", "Master-Poller",
    };

    private static final String[] CLASS_NAMES = {
        "jdk.internal.misc.InnocuousThread",
        "jdk.internal.misc.CarrierThread",
        "java.util.concurrent.ForkJoinPool$InnocuousForkJoinWorkerThread",
        "java.util.concurrent.DelayScheduler",
        "java.util.TimerThread", // a Timer's thread borrows the domain of each task it runs (section 1)
    };

    /**
     * Thread classes of test frameworks: JUnit's parallel executor is a ForkJoinPool whose compensating
     * workers get constructed by whichever test thread blocks, a member among them.
     */
    private static final String[] TEST_FRAMEWORKS = {"org.junit.", "org.testng.", "org.gradle."};
    /** How deep {@link #isStartingShutdownHooks()} looks: {@code ApplicationShutdownHooks} is a few frames down. */
    private static final int STARTER_FRAMES = 8;

    private ServiceThreads() {
    }

    /**
     * A test framework's class. Its safety nets stay on real time (contract, section 5): its threads are no
     * members, and what it schedules from a member's thread (JUnit's {@code @Timeout} watcher) is no timer of
     * the domain.
     */
    static boolean isTestFramework(String className) {
        for (String prefix : TEST_FRAMEWORKS) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the first frame outside the JDK of a scheduling site is a test framework's. */
    static boolean isScheduledByTestFramework(StackTraceElement[] site) {
        return site != null && site.length > 0 && isTestFramework(site[site.length - 1].getClassName());
    }

    /**
     * Whether the calling thread is starting the JVM's shutdown hooks: a thread an application constructed and
     * registered with {@code Runtime.addShutdownHook}, now started by the JVM as it shuts down. In global mode such
     * a hook stays on real time (section 6), so that it ends even on a frozen clock. Walks the top of the caller's
     * stack (the hook's frame, {@code Thread.start} and the JDK's frames that call it): only global mode asks, once
     * per thread start.
     */
    static boolean isStartingShutdownHooks() {
        return StackWalker.getInstance().walk(frames -> frames.limit(STARTER_FRAMES).anyMatch(
                f -> f.getClassName().equals("java.lang.ApplicationShutdownHooks")));
    }

    static boolean isService(Thread thread) {
        String className = thread.getClass().getName();
        for (String c : CLASS_NAMES) {
            if (className.equals(c)) {
                return true;
            }
        }
        if (isTestFramework(className)) {
            return true;
        }
        String name = thread.getName();
        for (String prefix : NAME_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
