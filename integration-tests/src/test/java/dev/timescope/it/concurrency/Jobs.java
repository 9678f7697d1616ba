package dev.timescope.it.concurrency;

import java.util.concurrent.Callable;

/** aiotools' test helpers (asyncio.sleep(delay, result), fail_after): here sleeps are virtual. */
final class Jobs {

    private Jobs() {
    }

    static <T> Callable<T> sleepThen(long millis, T result) {
        return () -> {
            Thread.sleep(millis);
            return result;
        };
    }

    static <T> Callable<T> failAfter(long millis) {
        return () -> {
            Thread.sleep(millis);
            throw new ArithmeticException("/ by zero after " + millis + " ms");
        };
    }

    static <T> Callable<T> cancelAfter(long millis) {
        return () -> {
            Thread.sleep(millis);
            throw new java.util.concurrent.CancellationException("cancels itself after " + millis + " ms");
        };
    }
}
