package dev.timescope.agent.rewrite;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Applies a plan's {@link Injection}s: loads, then {@code invokestatic}, at a method's entry or before its
 * returns. No branch is added, so no stack map frame changes; only the maximum stack size grows.
 */
final class MethodInjector extends ClassVisitor {

    private final List<Injection> injections;
    private final Changes changes;

    MethodInjector(ClassVisitor next, List<Injection> injections, Changes changes) {
        super(Opcodes.ASM9, next);
        this.injections = injections;
        this.changes = changes;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (next == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return next;
        }
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        List<Injection> entry = new ArrayList<>(1);
        List<Injection> exit = new ArrayList<>(1);
        for (Injection i : injections) {
            if (i.appliesTo(name, descriptor, isStatic)) {
                (i.at == Injection.At.ENTRY ? entry : exit).add(i);
            }
        }
        if (entry.isEmpty() && exit.isEmpty()) {
            return next;
        }
        changes.count += entry.size() + exit.size();
        return new Injecting(next, descriptor, isStatic, entry, exit);
    }

    private static final class Injecting extends MethodVisitor {
        private final Type[] parameters;
        private final Type returned;
        private final boolean isStatic;
        private final List<Injection> entry;
        private final List<Injection> exit;
        private int extraStack;

        Injecting(MethodVisitor next, String descriptor, boolean isStatic, List<Injection> entry, List<Injection> exit) {
            super(Opcodes.ASM9, next);
            this.parameters = Type.getArgumentTypes(descriptor);
            this.returned = Type.getReturnType(descriptor);
            this.isStatic = isStatic;
            this.entry = entry;
            this.exit = exit;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            for (Injection i : entry) {
                call(i, 0);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                for (Injection i : exit) {
                    int resultSize = 0;
                    if (i.passResult && returned.getSort() != Type.VOID) {
                        resultSize = returned.getSize();
                        super.visitInsn(resultSize == 2 ? Opcodes.DUP2 : Opcodes.DUP);
                    }
                    call(i, resultSize);
                }
            }
            super.visitInsn(opcode);
        }

        private void call(Injection i, int alreadyPushed) {
            int pushed = alreadyPushed;
            if (i.passThis) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                pushed++;
            }
            for (int index : i.parameters) {
                Type t = parameters[index];
                super.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slotOf(index));
                pushed += t.getSize();
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, i.hook.owner, i.hook.name, i.hook.descriptor, false);
            // A result duplicated at an exit sits on top of the returned value: count both.
            extraStack = Math.max(extraStack, pushed);
        }

        private int slotOf(int parameter) {
            int slot = isStatic ? 0 : 1;
            for (int p = 0; p < parameter; p++) {
                slot += parameters[p].getSize();
            }
            return slot;
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + extraStack, maxLocals);
        }
    }
}
