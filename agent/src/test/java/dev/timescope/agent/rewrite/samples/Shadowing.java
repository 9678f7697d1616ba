package dev.timescope.agent.rewrite.samples;

/** Declares its own static sleep(long): calls to it are not Thread's and must stay. */
public class Shadowing extends Thread {

    static int slept;

    public static void sleep(long millis) {
        slept += (int) millis;
    }

    public static int sleepFive() {
        sleep(5);
        return slept;
    }
}
