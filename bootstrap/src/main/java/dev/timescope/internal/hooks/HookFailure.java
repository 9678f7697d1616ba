package dev.timescope.internal.hooks;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hook's own failure must never break the application (contract, section 4): the hook falls back
 * to real time for that call, and the first failure is reported, once.
 */
final class HookFailure {

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private HookFailure() {
    }

    static void fallBack(String hook, Throwable cause) {
        if (WARNED.compareAndSet(false, true)) {
            System.getLogger("dev.timescope").log(Level.WARNING, "timescope: the " + hook + " hook failed and fell back"
                    + " to real time for this call; later failures are not reported. This is a timescope bug.", cause);
        }
    }
}
