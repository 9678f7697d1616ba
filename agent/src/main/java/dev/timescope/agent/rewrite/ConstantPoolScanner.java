package dev.timescope.agent.rewrite;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides from a class file's constant pool alone, without parsing its methods, whether a set of call-site
 * rules can match in it: the pool must name one of the rules' owners and one of their member names, or a name
 * that matches whatever the owner ({@code wait}, {@code notify}, and Thread's methods, which subclasses reach
 * under their own name). Most classes do none of this and are left untouched at the cost of one linear scan;
 * touching only such classes roughly halves the time to rewrite the JDK's {@code java.util.concurrent}.
 */
public final class ConstantPoolScanner {

    private final byte[][] owners;
    private final byte[][] names;
    private final byte[][] namesAlone;
    /** Bit {@code n} set when some candidate is {@code n} bytes long (n below 64): most entries fail this one test. */
    private final long lengths;
    /** Whether some candidate is 64 bytes long or longer. */
    private final boolean longOnes;

    private ConstantPoolScanner(Set<String> owners, Set<String> names, Set<String> namesAlone) {
        this.owners = encode(owners);
        this.names = encode(names);
        this.namesAlone = encode(namesAlone);
        long bits = 0;
        boolean longer = false;
        for (byte[][] set : new byte[][][] {this.owners, this.names, this.namesAlone}) {
            for (byte[] c : set) {
                if (c.length < 64) {
                    bits |= 1L << c.length;
                } else {
                    longer = true;
                }
            }
        }
        this.lengths = bits;
        this.longOnes = longer;
    }

    /** A scanner for the call-site rules of a plan. */
    public static ConstantPoolScanner forPlan(RewritePlan plan) {
        return forRules(plan.rules());
    }

    /** A scanner for these rules. */
    static ConstantPoolScanner forRules(List<CallSiteRule> rules) {
        Set<String> owners = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<String> alone = new HashSet<>();
        for (CallSiteRule rule : rules) {
            if (rule.ownerMatch == CallSiteRule.Owner.EXACT) {
                owners.add(rule.owner);
                names.add(rule.name);
            } else {
                alone.add(rule.name);
            }
        }
        return new ConstantPoolScanner(owners, names, alone);
    }

    public boolean mayMatch(byte[] classFile) {
        if (classFile.length < 10 || readInt(classFile, 0) != 0xCAFEBABE) {
            return false;
        }
        int count = readUnsignedShort(classFile, 8);
        int offset = 10;
        boolean owner = false;
        boolean name = false;
        for (int index = 1; index < count; index++) {
            if (offset >= classFile.length) {
                return true; // truncated: let the real parser say what is wrong
            }
            int tag = classFile[offset] & 0xFF;
            switch (tag) {
                case 1: { // Utf8
                    int length = readUnsignedShort(classFile, offset + 1);
                    int start = offset + 3;
                    if (start + length > classFile.length) {
                        return true;
                    }
                    if (length < 64 ? (lengths & 1L << length) != 0 : longOnes) {
                        owner = owner || matchesAny(classFile, start, length, owners);
                        name = name || matchesAny(classFile, start, length, names);
                        if (owner && name || matchesAny(classFile, start, length, namesAlone)) {
                            return true;
                        }
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
        byte[][] encoded = new byte[strings.size()][];
        int i = 0;
        for (String s : strings) { // no stream: this runs before main, where every class loaded counts
            encoded[i++] = s.getBytes(StandardCharsets.UTF_8);
        }
        return encoded;
    }
}
