package dev.timescope.agent.rewrite;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Applies a plan's {@link CallSiteRule}s, as {@link CallSiteMatcher} matches them, to call instructions and to
 * method handle constants ({@code System::currentTimeMillis} is an invokedynamic argument, not a call).
 */
final class CallSiteRewriter extends ClassVisitor {

    private final CallSiteMatcher matcher;
    private final Changes changes;
    /** Per method in class-file order, whether it may hold a call site to rewrite; null: every method may. */
    private final boolean[] calling;
    private int methodIndex;

    CallSiteRewriter(ClassVisitor next, CallSiteMatcher matcher, Changes changes, byte[] classFile) {
        super(Opcodes.ASM9, next);
        this.matcher = matcher;
        this.changes = changes;
        this.calling = CallingMethods.of(classFile, matcher.names());
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        int index = methodIndex++;
        if (next == null || calling != null && index < calling.length && !calling[index]) {
            return next; // nothing to rewrite in it: the writer copies it as it is
        }
        return new Method(next, name, descriptor, (access & Opcodes.ACC_STATIC) != 0);
    }

    private Object rewriteConstant(Object value) {
        if (value instanceof Handle) {
            Handle h = (Handle) value;
            CallSiteRule rule = matcher.forHandle(h.getTag(), h.getOwner(), h.getName(), h.getDesc());
            if (rule != null) {
                changes.count++;
                return new Handle(Opcodes.H_INVOKESTATIC, rule.hook.owner, rule.hook.name, rule.hook.descriptor, false);
            }
        } else if (value instanceof ConstantDynamic) {
            ConstantDynamic c = (ConstantDynamic) value;
            Object[] args = new Object[c.getBootstrapMethodArgumentCount()];
            boolean changed = false;
            for (int i = 0; i < args.length; i++) {
                Object original = c.getBootstrapMethodArgument(i);
                args[i] = rewriteConstant(original);
                changed |= args[i] != original;
            }
            if (changed) {
                return new ConstantDynamic(c.getName(), c.getDescriptor(), c.getBootstrapMethod(), args);
            }
        }
        return value;
    }

    private final class Method extends MethodVisitor {
        private final String name;
        private final String descriptor;
        private final boolean isStatic;
        private boolean pushedThis;

        Method(MethodVisitor next, String name, String descriptor, boolean isStatic) {
            super(Opcodes.ASM9, next);
            this.name = name;
            this.descriptor = descriptor;
            this.isStatic = isStatic;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String callName, String callDescriptor, boolean isInterface) {
            CallSiteRule rule = matcher.forCall(opcode, owner, callName, callDescriptor, isInterface, name, descriptor, isStatic);
            if (rule == null) {
                super.visitMethodInsn(opcode, owner, callName, callDescriptor, isInterface);
                return;
            }
            changes.count++;
            if (rule.appendThis) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                pushedThis = true;
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, rule.hook.owner, rule.hook.name, rule.hook.descriptor, false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(pushedThis ? maxStack + 1 : maxStack, maxLocals);
        }

        @Override
        public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap, Object... arguments) {
            Object[] rewritten = arguments;
            for (int i = 0; i < arguments.length; i++) {
                Object replaced = rewriteConstant(arguments[i]);
                if (replaced != arguments[i]) {
                    if (rewritten == arguments) {
                        rewritten = arguments.clone();
                    }
                    rewritten[i] = replaced;
                }
            }
            super.visitInvokeDynamicInsn(indyName, indyDescriptor, bootstrap, rewritten);
        }

        @Override
        public void visitLdcInsn(Object value) {
            super.visitLdcInsn(rewriteConstant(value));
        }
    }
}
