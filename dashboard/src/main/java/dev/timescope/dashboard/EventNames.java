package dev.timescope.dashboard;

/** The names of timescope's JFR events, exactly as the runtime records them. */
final class EventNames {

    static final String PREFIX = "dev.timescope.";
    static final String SCOPE = PREFIX + "Scope";
    static final String TASK = PREFIX + "Task";
    static final String TASK_CANCEL = PREFIX + "TaskCancel";
    static final String DOMAIN = PREFIX + "VirtualTimeDomain";
    static final String CLOCK_ADVANCE = PREFIX + "ClockAdvance";
    static final String DEADLOCK = PREFIX + "Deadlock";

    private EventNames() {
    }
}
