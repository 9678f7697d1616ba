package dev.timescope.agent.rewrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Applies a plan's {@link CallSiteRule}s to call instructions and to method handle constants
 * ({@code System::currentTimeMillis} is an invokedynamic argument, not a call).
 *
 * <p>{@code Thread}'s static and final methods are also reached through subclasses ({@code worker.join()}, an
 * unqualified {@code sleep(100)} inside one): javac then names the subclass as the owner, and
 * {@link ClassHierarchy} decides whether the call still means Thread's method.
 */
final class CallSiteRewriter extends ClassVisitor {

    private final Map<String, List<CallSiteRule>> byName = new HashMap<>();
    private final ClassHierarchy hierarchy;
    private final Supplier<Set<String>> declaredMethods;
    private final Changes changes;
    /** Per method in class-file order, whether it may hold a call site to rewrite; null: every method may. */
    private final boolean[] calling;
    private int methodIndex;
    private String className;
    private String superName;

    /**
     * @param declaredMethods the inherited-named methods the class itself declares, computed only if a call
     *                        site names a subclass
     */
    CallSiteRewriter(ClassVisitor next, List<CallSiteRule> rules, ClassHierarchy hierarchy,
                     Supplier<Set<String>> declaredMethods, Changes changes, ClassReader reader) {
        super(Opcodes.ASM9, next);
        for (CallSiteRule rule : rules) {
            List<CallSiteRule> same = byName.get(rule.name); // no lambda: it would cost a generated class at start-up
            if (same == null) {
                same = new ArrayList<>(2);
                byName.put(rule.name, same);
            }
            same.add(rule);
        }
        this.hierarchy = hierarchy;
        this.declaredMethods = declaredMethods;
        this.changes = changes;
        this.calling = CallingMethods.of(reader, byName.keySet());
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
        int index = methodIndex++;
        if (next == null || calling != null && index < calling.length && !calling[index]) {
            return next; // nothing to rewrite in it: the writer copies it as it is
        }
        return new Method(next, name, descriptor, (access & Opcodes.ACC_STATIC) != 0);
    }

    private boolean ownerMatches(CallSiteRule rule, String owner, String name, String descriptor) {
        switch (rule.ownerMatch) {
            case ANY:
                return true;
            case EXACT:
                return rule.owner.equals(owner);
            default:
                return rule.owner.equals(owner)
                        || hierarchy.resolvesTo(rule.owner, owner, name, descriptor, className, superName, declaredMethods);
        }
    }

    private CallSiteRule forCall(int opcode, String owner, String name, String descriptor, boolean isInterface,
                                 String inMethod, String inDescriptor, boolean inStatic) {
        List<CallSiteRule> candidates = byName.get(name);
        if (candidates == null) {
            return null;
        }
        for (CallSiteRule rule : candidates) {
            if (rule.descriptor.equals(descriptor) && rule.appliesIn(inMethod, inDescriptor)
                    && !(rule.appendThis && inStatic)
                    && rule.kindMatchesCall(opcode, isInterface) && ownerMatches(rule, owner, name, descriptor)) {
                return rule;
            }
        }
        return null;
    }

    private Object rewriteConstant(Object value) {
        if (value instanceof Handle) {
            Handle h = (Handle) value;
            List<CallSiteRule> candidates = byName.get(h.getName());
            if (candidates != null) {
                for (CallSiteRule rule : candidates) {
                    if (rule.handles && rule.descriptor.equals(h.getDesc()) && rule.kindMatchesHandle(h.getTag())
                            && ownerMatches(rule, h.getOwner(), h.getName(), h.getDesc())) {
                        changes.count++;
                        return new Handle(Opcodes.H_INVOKESTATIC, rule.hook.owner, rule.hook.name, rule.hook.descriptor,
                                false);
                    }
                }
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
            CallSiteRule rule = forCall(opcode, owner, callName, callDescriptor, isInterface, name, descriptor, isStatic);
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
