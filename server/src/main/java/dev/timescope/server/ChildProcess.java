package dev.timescope.server;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a class's {@code main}, with a readiness handshake, signals and an exit status that tells a
 * death by signal: aiotools' {@code afork} for the JVM.
 *
 * <pre>{@code
 * ChildProcess child = ChildProcess.start(Backend.class, "--port", "8080");
 * if (!child.awaitReady(Duration.ofSeconds(30))) { ... }   // Backend called ChildProcess.ready()
 * child.signal(Signal.TERM);
 * int status = child.waitFor();                             // -15: ended by SIGTERM
 * }</pre>
 *
 * <p>The child is started like a {@link Server}'s worker processes: this JVM's {@code java}, class path, module path
 * and the options listed there. Its standard output and error are passed on to this JVM's {@code System.out} and
 * {@code System.err}. Its standard input is the control channel: the child cannot read it, and when it closes
 * because this JVM died (even by KILL), the child sends itself TERM, so a child that keeps the JVM's own handling of
 * TERM, or runs a {@link Server}, ends too.
 */
public final class ChildProcess {

    private final Process process;
    private final OutputStream control;
    private final CountDownLatch ready = new CountDownLatch(1);

    private ChildProcess(Process process) {
        this.process = process;
        this.control = process.getOutputStream();
    }

    /**
     * Starts a JVM running {@code mainClass.main(args)}.
     *
     * @param mainClass a class with a {@code public static void main(String[])}, on this JVM's class path
     * @param args its arguments
     * @return the running child
     * @throws IOException if the JVM could not be started
     * @throws IllegalArgumentException if {@code mainClass} has no public static main method
     */
    public static ChildProcess start(Class<?> mainClass, String... args) throws IOException {
        try {
            java.lang.reflect.Method main = mainClass.getMethod("main", String[].class);
            if (!java.lang.reflect.Modifier.isStatic(main.getModifiers())) {
                throw new NoSuchMethodException("main is not static");
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(mainClass.getName() + " cannot run as a child process: it has no "
                    + "public static void main(String[])", e);
        }
        List<String> childArgs = new ArrayList<>(List.of("main", mainClass.getName()));
        childArgs.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(JvmCommand.of(childArgs)).start();
        ChildProcess child = new ChildProcess(process);
        String name = "timescope-child-" + process.pid();
        OutputPump.start(process.getInputStream(), false, child::control, name);
        OutputPump.start(process.getErrorStream(), true, line -> { }, name + "-err");
        return child;
    }

    /**
     * In a child started by {@link #start}: tells the parent this child is ready, so its {@link #awaitReady}
     * returns true. Elsewhere, does nothing.
     */
    public static void ready() {
        ControlLine.send(ControlLine.READY);
    }

    private void control(String line) {
        if (line.equals(ControlLine.READY)) {
            ready.countDown();
        }
    }

    /**
     * The child's process id.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits until the child has called {@link #ready()}, or has ended, or the timeout has passed.
     *
     * @param timeout how long to wait at most
     * @return true once the child said it is ready; false if it ended without saying so, or the timeout passed
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (ready.await(Math.min(50, Math.max(0, deadline - System.nanoTime()) / 1_000_000 + 1),
                    TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (!process.isAlive() || System.nanoTime() - deadline >= 0) {
                return ready.getCount() == 0;
            }
        }
    }

    /**
     * Sends the child a signal.
     *
     * @param signal the signal
     * @throws IOException if it could not be sent (the child has ended, say)
     */
    public void signal(Signal signal) throws IOException {
        Signals.send(process.pid(), signal);
    }

    /**
     * Whether the child is still running.
     *
     * @return true until it has ended
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the child to end.
     *
     * <p>A JVM that a signal ends exits with 128 plus the signal's number (its own handling of INT, TERM and HUP
     * does, and so does a process killed outright, in the status the JDK reports), as shells report it too; this
     * method returns such a status as minus the signal's number, as aiotools does. A child that calls
     * {@code System.exit(143)} itself is therefore reported as -15.
     *
     * @return the child's exit status, or minus the number of the signal that ended it
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    public int waitFor() throws InterruptedException {
        int status = process.waitFor();
        try {
            control.close();
        } catch (IOException e) {
            // The child is gone; nothing to tell it.
        }
        return status > 128 && status <= 128 + 64 ? -(status - 128) : status;
    }
}
