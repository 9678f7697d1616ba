package dev.timescope.agent.rewrite;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Puts the life-cycle hooks inside {@code java.lang.Thread} and {@code java.lang.VirtualThread}, where
 * every caller goes through them (call-site rewriting would miss subclasses and the JDK's own calls):
 * construction decides membership, {@code start} makes a member hold the clock, the end of its run
 * releases it, and {@code interrupt} wakes it in the ledger before the flag is set.
 *
 * <p>Each injection is {@code aload_0; invokestatic hook(Thread)}: no branch, so no new frame.
 */
final class ThreadLifecycleInjector extends ClassVisitor {

    static final String THREAD = "java/lang/Thread";
    static final String VIRTUAL_THREAD = "java/lang/VirtualThread";

    private String className;
    private int injections;

    ThreadLifecycleInjector(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    int injections() {
        return injections;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.className = name;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (next == null || (access & Opcodes.ACC_STATIC) != 0) {
            return next;
        }
        String hook = hookFor(name, descriptor);
        if (hook == null) {
            return next;
        }
        injections++;
        return new HookCall(next, hook, "onCreated".equals(hook));
    }

    private String hookFor(String name, String descriptor) {
        boolean thread = THREAD.equals(className);
        boolean virtual = VIRTUAL_THREAD.equals(className);
        if (!thread && !virtual) {
            return null;
        }
        if (thread && "<init>".equals(name)) {
            return "onCreated";
        }
        if ("start".equals(name)) {
            return "onStart"; // start() and, on JDK 21+, start(ThreadContainer): the hook is idempotent
        }
        if ("interrupt".equals(name) && "()V".equals(descriptor)) {
            return "onInterrupt";
        }
        if (thread && "exit".equals(name) && "()V".equals(descriptor)) {
            return "onExit"; // platform threads: called by the VM on the dying thread
        }
        if (virtual && ("afterDone".equals(name) && "(Z)V".equals(descriptor)
                || "afterTerminate".equals(name) && "(ZZ)V".equals(descriptor))) {
            return "onExit"; // virtual threads: JDK 25 and JDK 21 names
        }
        return null;
    }

    /**
     * Calls the hook with {@code this}: at the method's entry, or, in constructors, before each return
     * ({@code this} is initialized only at the end).
     */
    private static final class HookCall extends MethodVisitor {
        private final String hook;
        private final boolean beforeReturn;

        HookCall(MethodVisitor next, String hook, boolean beforeReturn) {
            super(Opcodes.ASM9, next);
            this.hook = hook;
            this.beforeReturn = beforeReturn;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (!beforeReturn) {
                callHook();
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (beforeReturn && opcode == Opcodes.RETURN) {
                callHook();
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 1, maxLocals);
        }

        private void callHook() {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HookRules.THREAD_HOOKS, hook, "(Ljava/lang/Thread;)V", false);
        }
    }
}
