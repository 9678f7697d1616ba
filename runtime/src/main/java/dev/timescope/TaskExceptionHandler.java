package dev.timescope;

/**
 * Receives, at once and on the failing task's thread, the exception of a task of a {@link TaskScope}
 * (aiotools' {@code exception_handler}). The scope keeps no list of failures, so long-lived scopes do
 * not grow; each {@link Task} still holds its own outcome. An exception thrown by the handler is
 * logged and otherwise ignored.
 */
@FunctionalInterface
public interface TaskExceptionHandler {

    void handle(Task<?> task, Throwable failure);
}
