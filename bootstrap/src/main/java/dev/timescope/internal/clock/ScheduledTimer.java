package dev.timescope.internal.clock;

/** A scheduled task's pending virtual deadline: when it fires, the task becomes work in flight (section 1). */
final class ScheduledTimer extends Timer {

    final Work work;

    ScheduledTimer(Work work, long deadline) {
        super(deadline);
        this.work = work;
    }

    @Override
    void fire(Domain domain) {
        domain.scheduledWorkDue(this);
    }

    @Override
    Object owner() {
        return work;
    }

    @Override
    Rearms rearms() {
        return work.rearms;
    }
}
