package dev.timescope.internal.clock;

import java.time.Instant;

/**
 * Global mode (contract, section 6): one domain that every application thread of the JVM belongs to, opened by the
 * agent before the application's {@code main}, on the thread that then runs it.
 *
 * <p>What differs from a domain opened in code: the clock is a {@link TimeLine} that may run at a rate of real time;
 * the domain never closes, so nothing is reported as leaked; a deadlock or a runaway is no failure thrown at a root,
 * since no test is waiting for one (the JVM behaves as it would without the agent); and JVM service threads, JFR and
 * shutdown hooks stay on real time.
 *
 * <p>The main thread joins the global clock when the application's first class loads on it. Until then it runs the
 * JVM's own start-up after the agent (a flight recording that {@code -XX:StartFlightRecording} starts, for one), and
 * that stays on real time as JFR does everywhere else.
 */
public final class GlobalClock {

    private static volatile Domain domain; // written once, under GlobalClock.class
    /** True from the opening until the application's first class loads on the main thread. */
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
        d.root.enterRealTime(); // until the application's first class loads (see applicationClassLoading)
        beforeApplication = true;
        domain = d;
        return d;
    }

    /**
     * Called by the agent as each class loads, with its loader: the first class the application class loader loads
     * on the main thread (the launcher loading the main class) puts the main thread on the global clock. Costs one volatile
     * read once that has happened, or outside global mode.
     *
     * @param loader the loader defining the class; null for the bootstrap loader
     */
    public static void classLoading(ClassLoader loader) {
        if (!beforeApplication || loader == null || loader != ClassLoader.getSystemClassLoader()
                && !loader.getClass().getName().equals("jdk.internal.loader.ClassLoaders$AppClassLoader")) {
            return; // the JDK's own loaders, reflection's generated classes among them, load no application class
        }
        Domain d = domain;
        if (d != null && Thread.currentThread() == d.root.thread) {
            beforeApplication = false;
            d.root.exitRealTime();
        }
    }

    /** The global domain, or null when the JVM does not run in global mode. */
    public static Domain domain() {
        return domain;
    }

    /** Whether {@code d} is the global domain. */
    static boolean isGlobal(Domain d) {
        return d != null && d == domain;
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
