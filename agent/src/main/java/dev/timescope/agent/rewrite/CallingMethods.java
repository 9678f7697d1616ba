package dev.timescope.agent.rewrite;

import java.util.Set;

/**
 * Which methods of a class file may hold a call site a rule replaces, found by walking their bytecode without
 * parsing it into visitor calls: a method is marked if it calls a method of one of the rules' names, or loads a
 * method handle or dynamic constant that may name one (an {@code invokedynamic}, an {@code ldc}). Every other method
 * is handed to the class writer as it is, and ASM copies its bytes instead of decoding and encoding each
 * instruction: in a class that reads the clock in one method out of fifty, that is most of the rewriting's work,
 * which at start-up runs in the interpreter.
 *
 * <p>It errs on the safe side: anything it does not understand marks every method.
 */
final class CallingMethods {

    private CallingMethods() {
    }

    /**
     * One flag per method, in the order of the class file (the order ASM's {@code ClassReader} visits them): true
     * if it may hold a call site named in {@code names}; null if every method must be visited.
     */
    static boolean[] of(byte[] classFile, Set<String> names) {
        try {
            return scan(ClassFileView.of(classFile), names);
        } catch (RuntimeException e) {
            return null; // malformed or unexpected: visit everything, and let ASM say what is wrong
        }
    }

    private static boolean[] scan(ClassFileView view, Set<String> names) {
        int count = view.poolCount;
        // Per pool index: whether an instruction that refers to it may need rewriting.
        boolean[] wanted = new boolean[count];
        boolean constants = false; // a method handle or dynamic constant that may name a rule's method
        for (int i = 1; i < count; i++) {
            int tag = view.tag(i);
            if (tag == ClassFileView.METHODREF || tag == ClassFileView.INTERFACE_METHODREF) {
                int nameAndType = view.at(view.u2(view.at(i) + 2));
                wanted[i] = names.contains(view.utf8(view.u2(nameAndType)));
            } else if (tag == ClassFileView.DYNAMIC) {
                constants = true;
            }
        }
        for (int i = 1; i < count && !constants; i++) {
            if (view.tag(i) == ClassFileView.METHOD_HANDLE) {
                int member = view.u2(view.at(i) + 1);
                constants = wanted[member] || !isMethod(view, member);
            }
        }
        if (constants) {
            for (int i = 1; i < count; i++) {
                int tag = view.tag(i);
                wanted[i] |= tag == ClassFileView.METHOD_HANDLE || tag == ClassFileView.DYNAMIC;
            }
        }
        boolean[] calling = new boolean[view.methodCount];
        for (int m = 0; m < view.methodCount; m++) {
            if (view.codeStart(m) >= 0) {
                int result = calls(view, view.codeStart(m), view.codeLength(m), wanted, constants);
                if (result < 0) {
                    return null;
                }
                calling[m] = result > 0;
            }
        }
        return calling;
    }

    private static boolean isMethod(ClassFileView view, int index) {
        int tag = view.tag(index);
        return tag == ClassFileView.METHODREF || tag == ClassFileView.INTERFACE_METHODREF;
    }

    /** 1 if the code refers to a wanted pool entry, 0 if not, -1 if it holds an opcode this walk does not know. */
    private static int calls(ClassFileView view, int code, int length, boolean[] wanted, boolean constants) {
        int pc = 0;
        while (pc < length) {
            int opcode = view.u1(code + pc);
            switch (opcode) {
                case 182: case 183: case 184: case 185: // invokevirtual, invokespecial, invokestatic, invokeinterface
                case 19: case 20: // ldc_w, ldc2_w
                    if (wanted[view.u2(code + pc + 1)]) {
                        return 1;
                    }
                    break;
                case 186: // invokedynamic: its bootstrap arguments may hold a method handle
                    if (constants) {
                        return 1;
                    }
                    break;
                case 18: // ldc
                    if (wanted[view.u1(code + pc + 1)]) {
                        return 1;
                    }
                    break;
                default:
                    break;
            }
            int size = view.instructionLength(code, pc);
            if (size <= 0) {
                return -1;
            }
            pc += size;
        }
        return 0;
    }
}
