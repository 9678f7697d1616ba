package dev.timescope.agent.rewrite;

import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;

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

    private static final int METHODREF = 10;
    private static final int INTERFACE_METHODREF = 11;
    private static final int METHOD_HANDLE = 15;
    private static final int DYNAMIC = 17;

    private CallingMethods() {
    }

    /**
     * One flag per method, in the order of the class file (the order {@link ClassReader} visits them): true if it
     * may hold a call site named in {@code names}; null if every method must be visited.
     */
    static boolean[] of(ClassReader reader, Set<String> names) {
        try {
            return scan(reader, names);
        } catch (RuntimeException e) {
            return null; // malformed or unexpected: visit everything, and let ASM say what is wrong
        }
    }

    private static boolean[] scan(ClassReader reader, Set<String> names) {
        char[] buffer = new char[reader.getMaxStringLength()];
        int count = reader.getItemCount();
        // Per pool index: whether an instruction that refers to it may need rewriting.
        boolean[] wanted = new boolean[count];
        boolean constants = false; // a method handle or dynamic constant that may name a rule's method
        for (int i = 1; i < count; i++) {
            int item = reader.getItem(i);
            if (item == 0) {
                continue; // the second slot of a long or double
            }
            int tag = reader.readByte(item - 1);
            if (tag == METHODREF || tag == INTERFACE_METHODREF) {
                int nameAndType = reader.getItem(reader.readUnsignedShort(item + 2));
                wanted[i] = names.contains(reader.readUTF8(nameAndType, buffer));
            } else if (tag == DYNAMIC) {
                constants = true;
            }
        }
        for (int i = 1; i < count && !constants; i++) {
            int item = reader.getItem(i);
            if (item != 0 && reader.readByte(item - 1) == METHOD_HANDLE) {
                constants = wanted[reader.readUnsignedShort(item + 1)] || !isMethod(reader, reader.readUnsignedShort(item + 1));
            }
        }
        if (constants) {
            for (int i = 1; i < count; i++) {
                int item = reader.getItem(i);
                if (item != 0) {
                    int tag = reader.readByte(item - 1);
                    wanted[i] |= tag == METHOD_HANDLE || tag == DYNAMIC;
                }
            }
        }

        int u = reader.header + 6; // access flags, this class, super class
        u += 2 + 2 * reader.readUnsignedShort(u); // interfaces
        int fields = reader.readUnsignedShort(u);
        u += 2;
        for (int f = 0; f < fields; f++) {
            u = skipAttributes(reader, u + 6);
        }
        int methods = reader.readUnsignedShort(u);
        u += 2;
        boolean[] calling = new boolean[methods];
        for (int m = 0; m < methods; m++) {
            int attributes = reader.readUnsignedShort(u + 6);
            u += 8;
            for (int a = 0; a < attributes; a++) {
                int length = reader.readInt(u + 2);
                if ("Code".equals(reader.readUTF8(u, buffer))) {
                    int codeLength = reader.readInt(u + 10);
                    int code = u + 14;
                    int result = calls(reader, code, codeLength, wanted, constants);
                    if (result < 0) {
                        return null;
                    }
                    calling[m] = result > 0;
                }
                u += 6 + length;
            }
        }
        return calling;
    }

    private static boolean isMethod(ClassReader reader, int index) {
        int item = reader.getItem(index);
        int tag = reader.readByte(item - 1);
        return tag == METHODREF || tag == INTERFACE_METHODREF;
    }

    private static int skipAttributes(ClassReader reader, int u) {
        int attributes = reader.readUnsignedShort(u);
        u += 2;
        for (int a = 0; a < attributes; a++) {
            u += 6 + reader.readInt(u + 2);
        }
        return u;
    }

    /** 1 if the code refers to a wanted pool entry, 0 if not, -1 if it holds an opcode this walk does not know. */
    private static int calls(ClassReader reader, int code, int length, boolean[] wanted, boolean constants) {
        int pc = 0;
        while (pc < length) {
            int opcode = reader.readByte(code + pc);
            switch (opcode) {
                case 182: case 183: case 184: // invokevirtual, invokespecial, invokestatic
                case 185: // invokeinterface
                    if (wanted[reader.readUnsignedShort(code + pc + 1)]) {
                        return 1;
                    }
                    pc += opcode == 185 ? 5 : 3;
                    break;
                case 186: // invokedynamic: its bootstrap arguments may hold a method handle
                    if (constants) {
                        return 1;
                    }
                    pc += 5;
                    break;
                case 18: // ldc
                    if (wanted[reader.readByte(code + pc + 1)]) {
                        return 1;
                    }
                    pc += 2;
                    break;
                case 19: case 20: // ldc_w, ldc2_w
                    if (wanted[reader.readUnsignedShort(code + pc + 1)]) {
                        return 1;
                    }
                    pc += 3;
                    break;
                case 170: { // tableswitch
                    int p = pc + 4 - (pc & 3);
                    int low = reader.readInt(code + p + 4);
                    int high = reader.readInt(code + p + 8);
                    pc = p + 12 + 4 * (high - low + 1);
                    break;
                }
                case 171: { // lookupswitch
                    int p = pc + 4 - (pc & 3);
                    pc = p + 8 + 8 * reader.readInt(code + p + 4);
                    break;
                }
                case 196: // wide
                    pc += reader.readByte(code + pc + 1) == 132 ? 6 : 4;
                    break;
                default: {
                    int size = opcode < SIZES.length() ? SIZES.charAt(opcode) - '0' : 0;
                    if (size == 0) {
                        return -1;
                    }
                    pc += size;
                }
            }
        }
        return 0;
    }

    /**
     * The length of each fixed-size instruction, by opcode (0 for the variable ones, handled above, and for the
     * opcodes a class file may not hold).
     */
    private static final String SIZES =
            "1111111111111111" // 0-15: nop ... dconst_1
            + "2323322222111111" // 16-31: bipush, sipush, ldc, ldc_w, ldc2_w, iload ... aload, iload_0 ...
            + "1111111111111111" // 32-47
            + "1111112222211111" // 48-63: ... saload, istore ... astore, istore_0 ...
            + "1111111111111111" // 64-79
            + "1111111111111111" // 80-95
            + "1111111111111111" // 96-111
            + "1111111111111111" // 112-127
            + "1111311111111111" // 128-143: ... iinc (132) ...
            + "1111111113333333" // 144-159: ... ifeq (153) ...
            + "3333333332001111" // 160-175: ... goto (167), jsr (168), ret (169), tableswitch, lookupswitch, returns
            + "1133333335532311" // 176-191: areturn, return, get/putfield, invoke*, new, newarray, anewarray, ...
            + "3311043355"; // 192-201: checkcast, instanceof, monitors, wide, multianewarray, ifnull, ifnonnull, goto_w, jsr_w
}
