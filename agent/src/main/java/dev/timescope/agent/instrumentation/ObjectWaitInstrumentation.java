package dev.timescope.agent.instrumentation;

import static dev.timescope.agent.rewrite.CallSiteRule.Kind.INSTANCE;
import static dev.timescope.agent.rewrite.CallSiteRule.Owner.ANY;

import dev.timescope.agent.rewrite.CallSiteRule;
import java.util.List;

/**
 * {@code Object.wait}, {@code notify} and {@code notifyAll} in application classes (contract, sections 2 and
 * 3.1): a member's timed wait ends at its virtual deadline, a waiting member is durably blocked, and the one a
 * notify chooses is runnable from that instant. These are final methods of {@code Object}, so a call names
 * them through any type. (The JDK's own waits that serve members are the timer thread's, see
 * {@link TimersInstrumentation}, and {@code Thread.join}'s, see {@link CallSitesInstrumentation}; the JDK's
 * waits on things outside the JVM's threads, such as processes and reference queues, stay real.)
 */
public final class ObjectWaitInstrumentation extends ApplicationCallSites {

    private static final String H = "MonitorHooks";

    private static final List<CallSiteRule> RULES = List.of(
            CallSiteRule.of(INSTANCE, ANY, null, "wait", "()V", hook(H, "wait", "(Ljava/lang/Object;)V")),
            CallSiteRule.of(INSTANCE, ANY, null, "wait", "(J)V", hook(H, "wait", "(Ljava/lang/Object;J)V")),
            CallSiteRule.of(INSTANCE, ANY, null, "wait", "(JI)V", hook(H, "wait", "(Ljava/lang/Object;JI)V")),
            CallSiteRule.of(INSTANCE, ANY, null, "notify", "()V", hook(H, "notify", "(Ljava/lang/Object;)V")),
            CallSiteRule.of(INSTANCE, ANY, null, "notifyAll", "()V", hook(H, "notifyAll", "(Ljava/lang/Object;)V")));

    public ObjectWaitInstrumentation() {
        super(RULES);
    }

    @Override
    public String name() {
        return "Object.wait";
    }
}
