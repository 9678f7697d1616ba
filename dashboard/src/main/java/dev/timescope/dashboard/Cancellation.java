package dev.timescope.dashboard;

/**
 * A {@code dev.timescope.TaskCancel} event: {@code target} was asked to stop by {@code requester} (null when no
 * task asked, for example a scope's timeout), with its reason ({@code FAIL_FAST}, {@code TIMEOUT}...) and the reason in
 * words.
 */
record Cancellation(Node target, Node requester, String reason, String detail, long realTime, long virtualMillis) {
}
