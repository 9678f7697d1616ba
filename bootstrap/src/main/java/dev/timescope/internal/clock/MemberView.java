package dev.timescope.internal.clock;

/**
 * What a report says about one member, copied under the domain's lock so that the report can be
 * formatted (stacks, JMX) outside it.
 */
final class MemberView {

    final Thread thread;
    final boolean root;
    final boolean borrowed;
    final String creatorName;
    final boolean createdByRoot;
    final StackTraceElement[] creationSite;
    final Member.State state;
    /** Null unless waiting in the domain. */
    final WaitKind waitKind;
    final Object blocker;
    /** {@link Wait#NO_DEADLINE} if none. */
    final long deadline;

    MemberView(Member m) {
        this.thread = m.thread;
        this.root = m.root;
        this.borrowed = m.borrowed;
        this.creatorName = m.creator == null ? null : m.creator.thread.getName();
        this.createdByRoot = m.creator == null || m.creator.root;
        this.creationSite = m.creationSite;
        this.state = m.state;
        Wait w = m.wait;
        this.waitKind = w == null ? null : w.kind;
        this.blocker = w == null ? null : w.blocker;
        this.deadline = w == null ? Wait.NO_DEADLINE : w.deadline;
    }
}
