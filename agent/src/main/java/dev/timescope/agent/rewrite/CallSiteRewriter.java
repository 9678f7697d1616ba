package dev.timescope.agent.rewrite;

import java.util.Set;
import java.util.function.Supplier;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites the call sites {@link HookRules} lists, in call instructions and in method handle
 * constants ({@code System::currentTimeMillis} is an invokedynamic argument, not a call).
 *
 * <p>{@code Thread}'s {@code sleep} and {@code join} are also reached through subclasses
 * ({@code worker.join()}, an unqualified {@code sleep(100)} inside one): javac then names the subclass as
 * the owner, and {@link ThreadHierarchy} decides whether the call still means Thread's method.
 */
final class CallSiteRewriter extends ClassVisitor {

    private final ThreadHierarchy hierarchy;
    private final Supplier<Set<String>> declaredMethods;
    private String className;
    private String superName;
    private int rewrites;

    /**
     * @param declaredMethods the {@code sleep}/{@code join} methods the class itself declares, computed only if
     *                        a call site names a subclass of Thread
     */
    CallSiteRewriter(ClassVisitor next, ThreadHierarchy hierarchy, Supplier<Set<String>> declaredMethods) {
        super(Opcodes.ASM9, next);
        this.hierarchy = hierarchy;
        this.declaredMethods = declaredMethods;
    }

    int rewrites() {
        return rewrites;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.className = name;
        this.superName = superName;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        return next == null ? null : new Method(next);
    }

    /** Thread, when a call that names a subclass of it means Thread's own sleep or join; else the owner. */
    private String effectiveOwner(String owner, String name, String descriptor) {
        if (!owner.equals(HookRules.THREAD) && HookRules.isThreadMember(name, descriptor)
                && hierarchy.resolvesToThread(owner, name, descriptor, className, superName, declaredMethods)) {
            return HookRules.THREAD;
        }
        return owner;
    }

    private Object rewriteConstant(Object value) {
        if (value instanceof Handle) {
            Handle h = (Handle) value;
            HookRules.Rule rule = HookRules.forHandle(h.getTag(), effectiveOwner(h.getOwner(), h.getName(), h.getDesc()),
                    h.getName(), h.getDesc());
            if (rule != null) {
                rewrites++;
                return new Handle(Opcodes.H_INVOKESTATIC, rule.hookOwner, rule.hookName, rule.hookDescriptor, false);
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

        Method(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            HookRules.Rule rule = isInterface ? null
                    : HookRules.forCall(opcode, effectiveOwner(owner, name, descriptor), name, descriptor);
            if (rule == null) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                return;
            }
            rewrites++;
            super.visitMethodInsn(Opcodes.INVOKESTATIC, rule.hookOwner, rule.hookName, rule.hookDescriptor, false);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
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
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, rewritten);
        }

        @Override
        public void visitLdcInsn(Object value) {
            super.visitLdcInsn(rewriteConstant(value));
        }
    }
}
