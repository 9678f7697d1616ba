package dev.timescope.agent.rewrite;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The call sites the agent rewrites, and the hook each one calls instead (contract, section 2).
 *
 * <p>Every replacement has exactly the stack effect of the original call: an instance method becomes a
 * static hook that takes the receiver first. So a rewrite never changes a frame or the maximum stack
 * size, and the verifier sees the same types.
 */
public final class HookRules {

    static final String TIME_HOOKS = "dev/timescope/internal/hooks/TimeHooks";
    static final String PARK_HOOKS = "dev/timescope/internal/hooks/ParkHooks";
    static final String THREAD_HOOKS = "dev/timescope/internal/hooks/ThreadHooks";

    static final String SYSTEM = "java/lang/System";
    static final String THREAD = "java/lang/Thread";
    static final String LOCK_SUPPORT = "java/util/concurrent/locks/LockSupport";
    static final String UNSAFE = "jdk/internal/misc/Unsafe";
    static final String VM = "jdk/internal/misc/VM";

    /** A replacement: the hook to call with the original call's operands. */
    public static final class Rule {
        final String hookOwner;
        final String hookName;
        final String hookDescriptor;
        /** True when the original is an instance method (its receiver becomes the hook's first argument). */
        final boolean instance;

        Rule(String hookOwner, String hookName, String hookDescriptor, boolean instance) {
            this.hookOwner = hookOwner;
            this.hookName = hookName;
            this.hookDescriptor = hookDescriptor;
            this.instance = instance;
        }
    }

    private static final Map<String, Rule> RULES = new HashMap<>();

    static {
        staticRule(SYSTEM, "nanoTime", "()J", TIME_HOOKS);
        staticRule(SYSTEM, "currentTimeMillis", "()J", TIME_HOOKS);
        staticRule(THREAD, "sleep", "(J)V", TIME_HOOKS);
        staticRule(THREAD, "sleep", "(JI)V", TIME_HOOKS);
        staticRule(THREAD, "sleep", "(Ljava/time/Duration;)V", TIME_HOOKS);
        instanceRule(THREAD, "join", "()V", THREAD_HOOKS, "(Ljava/lang/Thread;)V");
        instanceRule(THREAD, "join", "(J)V", THREAD_HOOKS, "(Ljava/lang/Thread;J)V");
        instanceRule(THREAD, "join", "(JI)V", THREAD_HOOKS, "(Ljava/lang/Thread;JI)V");
        instanceRule(THREAD, "join", "(Ljava/time/Duration;)Z", THREAD_HOOKS, "(Ljava/lang/Thread;Ljava/time/Duration;)Z");
        staticRule(LOCK_SUPPORT, "park", "()V", PARK_HOOKS);
        staticRule(LOCK_SUPPORT, "park", "(Ljava/lang/Object;)V", PARK_HOOKS);
        staticRule(LOCK_SUPPORT, "parkNanos", "(J)V", PARK_HOOKS);
        staticRule(LOCK_SUPPORT, "parkNanos", "(Ljava/lang/Object;J)V", PARK_HOOKS);
        staticRule(LOCK_SUPPORT, "parkUntil", "(J)V", PARK_HOOKS);
        staticRule(LOCK_SUPPORT, "parkUntil", "(Ljava/lang/Object;J)V", PARK_HOOKS);
        staticRule(LOCK_SUPPORT, "unpark", "(Ljava/lang/Thread;)V", PARK_HOOKS);
        // JDK 21+ java.util.concurrent parks through Unsafe directly (lessons.md).
        RULES.put(key(UNSAFE, "park", "(ZJ)V"), new Rule(PARK_HOOKS, "unsafePark", "(Ljava/lang/Object;ZJ)V", true));
        RULES.put(key(UNSAFE, "unpark", "(Ljava/lang/Object;)V"),
                new Rule(PARK_HOOKS, "unsafeUnpark", "(Ljava/lang/Object;Ljava/lang/Object;)V", true));
        // java.time's system clocks read the wall clock through this.
        RULES.put(key(VM, "getNanoTimeAdjustment", "(J)J"), new Rule(TIME_HOOKS, "nanoTimeAdjustment", "(J)J", false));
    }

    /** Owners whose presence in a constant pool makes a class worth parsing. */
    static final Set<String> OWNERS = Set.of(SYSTEM, THREAD, LOCK_SUPPORT, UNSAFE, VM);

    /** Member names whose presence in a constant pool makes a class worth parsing. */
    static final Set<String> NAMES = Set.of("nanoTime", "currentTimeMillis", "sleep", "join", "park", "parkNanos",
            "parkUntil", "unpark", "getNanoTimeAdjustment");

    private HookRules() {
    }

    /** Whether {@code name+descriptor} is one of Thread's rewritten methods (sleep, join). */
    static boolean isThreadMember(String name, String descriptor) {
        return ("sleep".equals(name) || "join".equals(name)) && RULES.containsKey(key(THREAD, name, descriptor));
    }

    private static void staticRule(String owner, String name, String descriptor, String hookOwner) {
        RULES.put(key(owner, name, descriptor), new Rule(hookOwner, name, descriptor, false));
    }

    private static void instanceRule(String owner, String name, String descriptor, String hookOwner, String hookDesc) {
        RULES.put(key(owner, name, descriptor), new Rule(hookOwner, name, hookDesc, true));
    }

    private static String key(String owner, String name, String descriptor) {
        return owner + '.' + name + descriptor;
    }

    /**
     * The rule for a call instruction, or null. {@code opcode} must agree with the rule's kind:
     * a static rule never rewrites an instance call of the same name.
     */
    static Rule forCall(int opcode, String owner, String name, String descriptor) {
        return matching(owner, name, descriptor, opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKESPECIAL,
                opcode == Opcodes.INVOKESTATIC);
    }

    /** The rule for a method handle constant ({@code System::nanoTime}), or null. */
    static Rule forHandle(int tag, String owner, String name, String descriptor) {
        return matching(owner, name, descriptor, tag == Opcodes.H_INVOKEVIRTUAL || tag == Opcodes.H_INVOKESPECIAL,
                tag == Opcodes.H_INVOKESTATIC);
    }

    private static Rule matching(String owner, String name, String descriptor, boolean instanceKind, boolean staticKind) {
        Rule rule = RULES.get(key(owner, name, descriptor));
        return rule != null && (rule.instance ? instanceKind : staticKind) ? rule : null;
    }
}
