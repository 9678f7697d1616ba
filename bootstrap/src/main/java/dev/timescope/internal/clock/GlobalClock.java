package dev.timescope.internal.clock;

import java.time.Instant;

/**
 * Global mode (contract, section 6): one domain that every application thread of the JVM belongs to, opened by the
 * agent before the application's {@code main}, on the thread that then runs it.
 *
 * <p>What differs from a domain opened in code: the clock is a {@link TimeLine} that may run at a rate of real time;
 * the domain never closes, so nothing is reported as leaked; a deadlock or a runaway is thrown only by the threads
 * driving the clock, since no test is waiting for one (the JVM behaves as it would without the agent); and JVM
 * service threads, JFR and shutdown hooks stay on real time.
 *
 * <p>The main thread joins the global clock when the launcher loads the application's main class on it. Until then it
 * runs the JVM's own start-up after the agent (other agents' {@code premain}, a flight recording that
 * {@code -XX:StartFlightRecording} starts), and that stays on real time as JFR does everywhere else.
 */
public final class GlobalClock {

    private static volatile Domain domain; // written once, under GlobalClock.class
    /** True from the opening until the launcher loads the application's main class on the main thread. */
    private static volatile boolean beforeApplication;

    private GlobalClock() {
    }

    /**
     * Opens the global domain, rooted at the calling thread.
     *
     * @param settings the clock's start, rate and auto-advance
     * @return the global domain
     * @throws IllegalStateException if it is open already
     */
    public static synchronized Domain open(GlobalSettings settings) {
        if (domain != null) {
            throw new IllegalStateException("the global clock is open already");
        }
        Instant start = settings.start != null ? settings.start : Instant.ofEpochMilli(System.currentTimeMillis());
        DomainOptions options = DomainOptions.builder()
                .name("global")
                .start(start)
                .autoAdvance(settings.autoAdvance)
                .global(settings.rate)
                .build();
        Domain d = Domain.openGlobal(options);
        d.root.enterRealTime(); // until the launcher loads the application's main class (see classLoading)
        beforeApplication = true;
        domain = d;
        return d;
    }

    /**
     * Called by the agent as each class loads, with its loader: when the launcher ({@code sun.launcher.LauncherHelper})
     * loads the application's main class on the main thread, the main thread joins the global clock. That comes after
     * every agent's {@code premain} (another agent listed after this one loads its classes on the main thread too)
     * and after the JVM has started a flight recording. Costs one volatile read once that has happened, or outside
     * global mode; before, a short walk of the main thread's stack per class an application loader loads.
     *
     * @param loader the loader defining the class; null for the bootstrap loader
     */
    public static void classLoading(ClassLoader loader) {
        if (!beforeApplication || loader == null) {
            return; // the bootstrap loader loads no main class
        }
        Domain d = domain;
        if (d != null && Thread.currentThread() == d.root.thread && launcherLoadsMainClass()) {
            beforeApplication = false;
            d.root.exitRealTime();
        }
    }

    private static boolean launcherLoadsMainClass() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().equals("sun.launcher.LauncherHelper")));
    }

    /** The global domain, or null when the JVM does not run in global mode. */
    public static Domain domain() {
        return domain;
    }

    /** Why no domain can be opened while the JVM runs in global mode. */
    static String noDomainInside() {
        return "this JVM runs in global mode (-javaagent:...=mode=global): every application thread is already on its"
                + " one virtual clock, which VirtualClock.current() returns; a VirtualClock cannot be started inside it."
                + " Drive the global clock instead, or run the JVM without mode=global to give each test its own clock.";
    }

    /** Why the global domain cannot be closed. */
    static String cannotClose() {
        return "the global clock cannot be closed: it lasts as long as the JVM (mode=global)";
    }
}
