package dev.timescope.it.agent;

/** For the child programs: ends the JVM with status 3 and a line saying why if it is still running after a while. */
final class ChildTimeout {

    private final Thread thread;

    private ChildTimeout(Thread thread) {
        this.thread = thread;
    }

    /** Starts one: after {@code seconds} of real time (it belongs to no domain) it prints {@code why} and exits. */
    static ChildTimeout start(int seconds, String why) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println(why);
            System.exit(3);
        }, "child timeout");
        t.setDaemon(true);
        t.start();
        return new ChildTimeout(t);
    }

    /** The program finished in time. */
    void stop() {
        thread.interrupt();
    }
}
