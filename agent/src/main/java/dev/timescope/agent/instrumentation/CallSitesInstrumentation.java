package dev.timescope.agent.instrumentation;

import static dev.timescope.agent.rewrite.CallSiteRule.Kind.STATIC;
import static dev.timescope.agent.rewrite.CallSiteRule.Kind.VIRTUAL;
import static dev.timescope.agent.rewrite.CallSiteRule.Owner.CLASS_OR_SUBCLASS;

import dev.timescope.agent.rewrite.CallSiteRule;
import dev.timescope.agent.rewrite.RewritePlan;
import java.util.List;

/**
 * Call sites that read the clock, sleep, join, park and unpark (contract, section 2): {@code System.nanoTime},
 * {@code currentTimeMillis}, {@code Thread.sleep} and {@code join} (also through subclasses),
 * {@code LockSupport.park*}/{@code unpark}, {@code Unsafe.park}/{@code unpark} (which JDK 21+
 * {@code java.util.concurrent} calls directly) and {@code VM.getNanoTimeAdjustment} (java.time's source). These
 * are intrinsics or natives where advice would do nothing, so their call sites are rewritten, in instructions
 * and in method handles ({@code System::nanoTime}).
 *
 * <p>In application classes, and in the JDK classes whose waits and clocks members use: all of
 * {@code java.util.concurrent} (but the classes the hooks themselves use), {@code java.time.Clock},
 * {@code java.util.Date}, {@code java.util.Timer}'s scheduling methods, and {@code ThreadFlock} (where
 * JDK 21+'s structured concurrency waits).
 */
public final class CallSitesInstrumentation extends Instrumentation {

    private static final String TIME = "TimeHooks";
    private static final String PARK = "ParkHooks";
    private static final String THREAD_HOOKS = "ThreadHooks";
    private static final String THREAD = "java/lang/Thread";
    private static final String LOCK_SUPPORT = "java/util/concurrent/locks/LockSupport";

    private static final List<CallSiteRule> RULES = List.of(
            CallSiteRule.of(STATIC, "java/lang/System", "nanoTime", "()J", hook(TIME, "nanoTime", "()J")),
            CallSiteRule.of(STATIC, "java/lang/System", "currentTimeMillis", "()J", hook(TIME, "currentTimeMillis", "()J")),
            CallSiteRule.of(STATIC, CLASS_OR_SUBCLASS, THREAD, "sleep", "(J)V", hook(TIME, "sleep", "(J)V")),
            CallSiteRule.of(STATIC, CLASS_OR_SUBCLASS, THREAD, "sleep", "(JI)V", hook(TIME, "sleep", "(JI)V")),
            CallSiteRule.of(STATIC, CLASS_OR_SUBCLASS, THREAD, "sleep", "(Ljava/time/Duration;)V",
                    hook(TIME, "sleep", "(Ljava/time/Duration;)V")),
            CallSiteRule.of(VIRTUAL, CLASS_OR_SUBCLASS, THREAD, "join", "()V",
                    hook(THREAD_HOOKS, "join", "(Ljava/lang/Thread;)V")),
            CallSiteRule.of(VIRTUAL, CLASS_OR_SUBCLASS, THREAD, "join", "(J)V",
                    hook(THREAD_HOOKS, "join", "(Ljava/lang/Thread;J)V")),
            CallSiteRule.of(VIRTUAL, CLASS_OR_SUBCLASS, THREAD, "join", "(JI)V",
                    hook(THREAD_HOOKS, "join", "(Ljava/lang/Thread;JI)V")),
            CallSiteRule.of(VIRTUAL, CLASS_OR_SUBCLASS, THREAD, "join", "(Ljava/time/Duration;)Z",
                    hook(THREAD_HOOKS, "join", "(Ljava/lang/Thread;Ljava/time/Duration;)Z")),
            CallSiteRule.of(STATIC, LOCK_SUPPORT, "park", "()V", hook(PARK, "park", "()V")),
            CallSiteRule.of(STATIC, LOCK_SUPPORT, "park", "(Ljava/lang/Object;)V", hook(PARK, "park", "(Ljava/lang/Object;)V")),
            CallSiteRule.of(STATIC, LOCK_SUPPORT, "parkNanos", "(J)V", hook(PARK, "parkNanos", "(J)V")),
            CallSiteRule.of(STATIC, LOCK_SUPPORT, "parkNanos", "(Ljava/lang/Object;J)V",
                    hook(PARK, "parkNanos", "(Ljava/lang/Object;J)V")),
            CallSiteRule.of(STATIC, LOCK_SUPPORT, "parkUntil", "(J)V", hook(PARK, "parkUntil", "(J)V")),
            CallSiteRule.of(STATIC, LOCK_SUPPORT, "parkUntil", "(Ljava/lang/Object;J)V",
                    hook(PARK, "parkUntil", "(Ljava/lang/Object;J)V")),
            CallSiteRule.of(STATIC, LOCK_SUPPORT, "unpark", "(Ljava/lang/Thread;)V",
                    hook(PARK, "unpark", "(Ljava/lang/Thread;)V")),
            CallSiteRule.of(VIRTUAL, "jdk/internal/misc/Unsafe", "park", "(ZJ)V",
                    hook(PARK, "unsafePark", "(Ljava/lang/Object;ZJ)V")),
            CallSiteRule.of(VIRTUAL, "jdk/internal/misc/Unsafe", "unpark", "(Ljava/lang/Object;)V",
                    hook(PARK, "unsafeUnpark", "(Ljava/lang/Object;Ljava/lang/Object;)V")),
            CallSiteRule.of(STATIC, "jdk/internal/misc/VM", "getNanoTimeAdjustment", "(J)J",
                    hook(TIME, "nanoTimeAdjustment", "(J)J")));

    /**
     * JDK classes never rewritten. LockSupport: the hooks park members through it, so rewriting it would
     * recurse. ConcurrentHashMap: the registries of members and work; its bins park briefly under contention and
     * must not re-enter the hooks. ThreadLocalRandom: its seeds must stay random.
     */
    private static final List<String> NEVER = List.of(LOCK_SUPPORT, "java/util/concurrent/ConcurrentHashMap",
            "java/util/concurrent/ThreadLocalRandom");

    @Override
    public String name() {
        return "call sites";
    }

    @Override
    public List<String> jdkClasses() {
        return List.of("java/util/concurrent/", "java/time/Clock", "java/time/Clock$", "java/util/Date",
                "java/util/Timer", "jdk/internal/misc/ThreadFlock");
    }

    @Override
    public boolean rewritesApplicationClasses() {
        return true;
    }


    @Override
    public void plan(String className, boolean application, RewritePlan plan) {
        if (application || !isNever(className)) {
            plan.addAll(RULES);
        }
    }

    private static boolean isNever(String className) {
        for (String n : NEVER) {
            if (className.equals(n) || className.startsWith(n + "$")) {
                return true;
            }
        }
        return false;
    }
}
