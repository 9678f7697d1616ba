package dev.timescope.agent.instrumentation;

import dev.timescope.agent.rewrite.Injection;
import dev.timescope.agent.rewrite.RewritePlan;
import java.util.List;

/**
 * The thread life cycle, inside {@code java.lang.Thread} and {@code java.lang.VirtualThread} themselves, where
 * no subclass or JDK caller escapes it (contract, sections 1 and 3.1): construction decides membership,
 * {@code start} makes a member hold the clock, the end of its run lets go of it and wakes its joiners, and
 * {@code interrupt} wakes it in the ledger before the flag is set, and tells when the flag is set.
 */
public final class ThreadLifecycleInstrumentation extends Instrumentation {

    static final String THREAD = "java/lang/Thread";
    static final String VIRTUAL_THREAD = "java/lang/VirtualThread";
    private static final String HOOK_DESCRIPTOR = "(Ljava/lang/Thread;)V";

    @Override
    public String name() {
        return "thread life cycle";
    }

    @Override
    public List<String> jdkClasses() {
        return List.of(THREAD, VIRTUAL_THREAD);
    }

    @Override
    public void plan(String className, boolean application, RewritePlan plan) {
        boolean thread = THREAD.equals(className);
        if (thread) {
            plan.add(Injection.atExit("<init>", null, false, hook("ThreadHooks", "onCreated", HOOK_DESCRIPTOR)));
            // Platform threads: called by the VM on the dying thread.
            plan.add(Injection.atEntry("exit", "()V", hook("ThreadHooks", "onExit", HOOK_DESCRIPTOR)));
        } else if (VIRTUAL_THREAD.equals(className)) {
            // Virtual threads: the end of the run on the thread itself, where it may wait for the domain's lock;
            // then, on the carrier, the termination (afterDone; afterTerminate in early JDK 21 builds), which only
            // queues the exit if the thread has not told it already.
            plan.add(Injection.atExit("run", "(Ljava/lang/Runnable;)V", false,
                    hook("ThreadHooks", "onVirtualRunEnd", HOOK_DESCRIPTOR)));
            plan.add(Injection.atEntry("afterDone", "(Z)V", hook("ThreadHooks", "onExit", HOOK_DESCRIPTOR)));
            plan.add(Injection.atEntry("afterTerminate", "(ZZ)V", hook("ThreadHooks", "onExit", HOOK_DESCRIPTOR)));
        } else {
            return;
        }
        // start() and, on JDK 21+, start(ThreadContainer): the hook is idempotent.
        plan.add(Injection.atEntry("start", null, hook("ThreadHooks", "onStart", HOOK_DESCRIPTOR)));
        // An interrupt counts from its start, and is delivered (its flag set) when interrupt() returns.
        plan.add(Injection.atEntry("interrupt", "()V", hook("ThreadHooks", "onInterrupt", HOOK_DESCRIPTOR)));
        plan.add(Injection.atExit("interrupt", "()V", false, hook("ThreadHooks", "onInterrupted", HOOK_DESCRIPTOR)));
    }
}
