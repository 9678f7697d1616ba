package dev.timescope.agent.rewrite;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Decides from a class file's constant pool alone, without parsing its methods, whether it can contain
 * a call site to rewrite: it must name one of the owners and one of the member names of
 * {@link HookRules}, or name {@code sleep} or {@code join}, which subclasses of Thread reach under their own
 * name. Most classes do none of this, and are left untouched at the cost of one linear scan.
 * (lessons.md: touching only such classes cut the JDK's retransformation time roughly in half.)
 */
final class ConstantPoolScanner {

    private static final byte[][] OWNERS = encode(HookRules.OWNERS);
    private static final byte[][] NAMES = encode(HookRules.NAMES);
    private static final byte[][] THREAD_NAMES = encode(java.util.Set.of("sleep", "join"));

    private ConstantPoolScanner() {
    }

    static boolean mayNeedRewriting(byte[] classFile) {
        if (classFile.length < 10 || readInt(classFile, 0) != 0xCAFEBABE) {
            return false;
        }
        int count = readUnsignedShort(classFile, 8);
        int offset = 10;
        boolean owner = false;
        boolean name = false;
        for (int index = 1; index < count; index++) {
            int tag = classFile[offset] & 0xFF;
            switch (tag) {
                case 1: { // Utf8
                    int length = readUnsignedShort(classFile, offset + 1);
                    int start = offset + 3;
                    owner = owner || matchesAny(classFile, start, length, OWNERS);
                    name = name || matchesAny(classFile, start, length, NAMES);
                    if (owner && name || matchesAny(classFile, start, length, THREAD_NAMES)) {
                        return true;
                    }
                    offset = start + length;
                    break;
                }
                case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                    offset += 3;
                    break;
                case 15: // MethodHandle
                    offset += 4;
                    break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                    offset += 5;
                    break;
                case 5: case 6: // Long, Double take two slots
                    offset += 9;
                    index++;
                    break;
                default:
                    return true; // a tag this scanner does not know: let the real parser decide
            }
        }
        return false;
    }

    private static boolean matchesAny(byte[] data, int start, int length, byte[][] candidates) {
        for (byte[] c : candidates) {
            if (c.length == length && regionEquals(data, start, c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(byte[] data, int start, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (data[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int readUnsignedShort(byte[] b, int offset) {
        return (b[offset] & 0xFF) << 8 | b[offset + 1] & 0xFF;
    }

    private static int readInt(byte[] b, int offset) {
        return (b[offset] & 0xFF) << 24 | (b[offset + 1] & 0xFF) << 16 | (b[offset + 2] & 0xFF) << 8 | b[offset + 3] & 0xFF;
    }

    private static byte[][] encode(Set<String> strings) {
        return strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }
}
