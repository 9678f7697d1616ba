package dev.timescope;

/**
 * Receives, at once and on the failing task's thread, the exception of a task of a {@link TaskScope}
 * (aiotools' {@code exception_handler}). The scope keeps no list of failures, so long-lived scopes do
 * not grow; each {@link Task} still holds its own outcome. An exception thrown by the handler is
 * logged and otherwise ignored.
 */
@FunctionalInterface
public interface TaskExceptionHandler {

    /**
     * Handles one failed task, on that task's thread, as soon as it has failed. A cancellation is not a
     * failure and never reaches it: an {@code InterruptedException}, a {@code CancellationException} or an
     * interrupted I/O exception, itself or as a cause.
     *
     * @param task the task whose code failed: {@link Task.Status#FAILED}, or {@link Task.Status#CANCELLED} if it
     *        was cancelled before its code failed
     * @param failure what the task's code threw
     */
    void handle(Task<?> task, Throwable failure);
}
