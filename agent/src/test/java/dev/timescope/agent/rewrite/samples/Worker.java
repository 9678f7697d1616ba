package dev.timescope.agent.rewrite.samples;

/** Calls Thread's sleep unqualified: javac names Worker as the owner. */
public class Worker extends Thread {

    @Override
    public void run() {
        try {
            sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A grandchild, and a call site that names it: {@code grand.join()}. */
    public static class Grand extends Worker {
        public static void joinIt(Grand grand) throws InterruptedException {
            grand.join();
            Grand.sleep(1);
        }
    }
}
