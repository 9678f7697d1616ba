package dev.timescope.agent.rewrite;

import java.util.HashSet;
import java.util.Set;

/**
 * A class file's layout, read in one pass without building anything per instruction: where each constant pool
 * entry is, the class's own and super class names, and where each method's code lies. It is what the cheap
 * paths need ({@link CallingMethods}, {@link InPlaceRewriter}, {@link ClassHierarchy}); they run while classes
 * load, often in the interpreter, where a full parse costs far more than the work.
 *
 * <p>A malformed class file makes {@link #of} throw an {@link IllegalArgumentException} (or an
 * {@link IndexOutOfBoundsException} from a truncated one); callers then let the real parser decide.
 */
final class ClassFileView {

    static final int UTF8 = 1;
    static final int CLASS = 7;
    static final int METHODREF = 10;
    static final int INTERFACE_METHODREF = 11;
    static final int NAME_AND_TYPE = 12;
    static final int METHOD_HANDLE = 15;
    static final int DYNAMIC = 17;

    final byte[] bytes;
    /** The number of pool slots, as the class file counts them (one more than the last index). */
    final int poolCount;
    /** Per pool index: the offset of the entry's tag; 0 for the second slot of a long or double. */
    private final int[] entry;
    /** Where the pool ends: the offset of the access flags. */
    final int poolEnd;
    private final int thisClass;
    private final int superClass;
    /** Per method, in class-file order: access flags, name and descriptor indexes, code offset and length. */
    final int methodCount;
    private final int[] methodAccess;
    private final int[] methodName;
    private final int[] methodDescriptor;
    private final int[] codeStart;
    private final int[] codeLength;

    private ClassFileView(byte[] b) {
        this.bytes = b;
        if (b.length < 10 || s4(0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        poolCount = u2(8);
        entry = new int[poolCount];
        int offset = 10;
        for (int i = 1; i < poolCount; i++) {
            entry[i] = offset;
            int tag = b[offset] & 0xFF;
            if (tag == UTF8) {
                offset += 3 + u2(offset + 1);
                continue;
            }
            int size = tag < ConstantPoolScanner.ENTRY_SIZES.length ? ConstantPoolScanner.ENTRY_SIZES[tag] : 0;
            if (size == 0) {
                throw new IllegalArgumentException("unknown constant pool tag " + tag + " at index " + i);
            }
            offset += size;
            i += size >>> 3; // a Long or a Double (9 bytes) takes two slots
        }
        poolEnd = offset;
        thisClass = u2(offset + 2);
        superClass = u2(offset + 4);
        offset += 6;
        offset += 2 + 2 * u2(offset); // interfaces
        int fields = u2(offset);
        offset += 2;
        for (int f = 0; f < fields; f++) {
            offset = skipAttributes(offset + 6);
        }
        methodCount = u2(offset);
        offset += 2;
        methodAccess = new int[methodCount];
        methodName = new int[methodCount];
        methodDescriptor = new int[methodCount];
        codeStart = new int[methodCount];
        codeLength = new int[methodCount];
        for (int m = 0; m < methodCount; m++) {
            methodAccess[m] = u2(offset);
            methodName[m] = u2(offset + 2);
            methodDescriptor[m] = u2(offset + 4);
            codeStart[m] = -1;
            int attributes = u2(offset + 6);
            offset += 8;
            for (int a = 0; a < attributes; a++) {
                int length = s4(offset + 2);
                if (utf8Equals(u2(offset), "Code")) {
                    codeLength[m] = s4(offset + 10);
                    codeStart[m] = offset + 14;
                    if (codeLength[m] < 0 || codeStart[m] + codeLength[m] > b.length) {
                        throw new IllegalArgumentException("a method's code runs past the end of the class file");
                    }
                }
                offset += 6 + length;
            }
        }
    }

    /** Reads the layout of {@code classFile}; throws on a class file it cannot read (see the class comment). */
    static ClassFileView of(byte[] classFile) {
        return new ClassFileView(classFile);
    }

    private int skipAttributes(int offset) {
        int attributes = u2(offset);
        offset += 2;
        for (int a = 0; a < attributes; a++) {
            offset += 6 + s4(offset + 2);
        }
        return offset;
    }

    int u1(int offset) {
        return bytes[offset] & 0xFF;
    }

    int u2(int offset) {
        return (bytes[offset] & 0xFF) << 8 | bytes[offset + 1] & 0xFF;
    }

    int s4(int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16 | (bytes[offset + 2] & 0xFF) << 8
                | bytes[offset + 3] & 0xFF;
    }

    /** The tag of pool entry {@code index}, or 0 for the second slot of a long or double. */
    int tag(int index) {
        int at = entry[index];
        return at == 0 ? 0 : bytes[at] & 0xFF;
    }

    /** The offset of pool entry {@code index}'s first byte after its tag. */
    int at(int index) {
        return entry[index] + 1;
    }

    /** Whether pool entry {@code index} is the UTF-8 entry holding exactly {@code ascii}. */
    boolean utf8Equals(int index, String ascii) {
        if (index <= 0 || index >= poolCount || tag(index) != UTF8) {
            return false;
        }
        int at = at(index);
        int length = u2(at);
        if (length != ascii.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[at + 2 + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The string of UTF-8 entry {@code index} (the class file's modified UTF-8, decoded). */
    String utf8(int index) {
        if (tag(index) != UTF8) {
            throw new IllegalArgumentException("constant pool entry " + index + " is not a UTF-8 entry");
        }
        int at = at(index);
        int end = at + 2 + u2(at);
        char[] chars = new char[end - at - 2];
        int n = 0;
        for (int i = at + 2; i < end; i++) {
            int c = bytes[i] & 0xFF;
            if (c < 0x80) {
                chars[n++] = (char) c;
            } else if ((c & 0xE0) == 0xC0) {
                chars[n++] = (char) ((c & 0x1F) << 6 | bytes[++i] & 0x3F);
            } else {
                chars[n++] = (char) ((c & 0x0F) << 12 | (bytes[++i] & 0x3F) << 6 | bytes[++i] & 0x3F);
            }
        }
        return new String(chars, 0, n);
    }

    /** The internal name a Class entry names. */
    String className(int classIndex) {
        return utf8(u2(at(classIndex)));
    }

    /** The class's own internal name. */
    String thisName() {
        return className(thisClass);
    }

    /** The superclass's internal name; null for {@code java/lang/Object} (and a module-info). */
    String superName() {
        return superClass == 0 ? null : className(superClass);
    }

    int methodAccess(int m) {
        return methodAccess[m];
    }

    String methodName(int m) {
        return utf8(methodName[m]);
    }

    String methodDescriptor(int m) {
        return utf8(methodDescriptor[m]);
    }

    /** The offset of method {@code m}'s code, or -1 if it has none (abstract, native). */
    int codeStart(int m) {
        return codeStart[m];
    }

    int codeLength(int m) {
        return codeLength[m];
    }

    /** The methods whose names are in {@code names}, each as name + descriptor. */
    Set<String> declaredMethods(Set<String> names) {
        Set<String> found = new HashSet<>();
        for (int m = 0; m < methodCount; m++) {
            String name = methodName(m);
            if (names.contains(name)) {
                found.add(name + methodDescriptor(m));
            }
        }
        return found;
    }

    /**
     * The length of the instruction at {@code pc} of the code that starts at {@code code}, or 0 for an opcode a
     * class file may not hold.
     */
    int instructionLength(int code, int pc) {
        int opcode = bytes[code + pc] & 0xFF;
        switch (opcode) {
            case 170: { // tableswitch: padding to a multiple of 4, default, low, high, then the offsets
                int p = pc + 4 - (pc & 3);
                return p + 12 + 4 * (s4(code + p + 8) - s4(code + p + 4) + 1) - pc;
            }
            case 171: { // lookupswitch: padding, default, the number of pairs, then the pairs
                int p = pc + 4 - (pc & 3);
                return p + 8 + 8 * s4(code + p + 4) - pc;
            }
            case 196: // wide: of an iinc, or of a load, store or ret
                return (bytes[code + pc + 1] & 0xFF) == 132 ? 6 : 4;
            default:
                return opcode < SIZES.length() ? SIZES.charAt(opcode) - '0' : 0;
        }
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
