package dev.timescope.agent.rewrite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides from a class file's constant pool alone, without parsing its methods, whether a set of call-site
 * rules can match in it: the pool must name one of the rules' owners and one of their member names, or, for
 * a rule that matches whatever the owner ({@code wait}, {@code notify}, and Thread's methods, which subclasses
 * reach under their own name), hold a name-and-type entry with the rule's name and descriptor (so that
 * {@code String.join} is not taken for {@code Thread.join}). Most classes do none of this and are left
 * untouched at the cost of one linear scan; touching only such classes roughly halves the time to rewrite the
 * JDK's {@code java.util.concurrent}, and spares an application's start-up a full parse of each class it loads.
 */
public final class ConstantPoolScanner {

    private final byte[][] owners;
    private final byte[][] names;
    /** Names and descriptors of the rules that match whatever the owner, pair {@code k} at index {@code k}. */
    private final byte[][] aloneNames;
    private final byte[][] aloneDescriptors;
    /**
     * A bit per {@link #hash} of some candidate's length, first and last byte: most entries fail this one test, so
     * only the few left are compared with the candidates.
     */
    private final long[] filter = new long[FILTER_WORDS];
    private static final int FILTER_WORDS = 64;

    private ConstantPoolScanner(Set<String> owners, Set<String> names, List<String[]> alone) {
        this.owners = encode(owners);
        this.names = encode(names);
        this.aloneNames = new byte[alone.size()][];
        this.aloneDescriptors = new byte[alone.size()][];
        for (int k = 0; k < alone.size(); k++) {
            aloneNames[k] = ascii(alone.get(k)[0]);
            aloneDescriptors[k] = ascii(alone.get(k)[1]);
        }
        for (byte[][] set : new byte[][][] {this.owners, this.names, aloneNames, aloneDescriptors}) {
            for (byte[] c : set) {
                if (c.length > 0) {
                    int h = hash(c.length, c[0], c[c.length - 1]);
                    filter[h >>> 6] |= 1L << h;
                }
            }
        }
    }

    /**
     * What this scanner looks for, as a short text that changes whenever that does: a class index made by one build
     * of the agent is only trusted by a build whose rules would give the same answers. Computed at start-up when an
     * index is given, so with plain arithmetic: the version of the check's own logic ({@link #CHECK_VERSION}), then a
     * 64-bit FNV-1a hash of each owner, name and name-and-descriptor pair, summed (their order does not matter), and
     * how many there are.
     */
    public String fingerprint() {
        long sum = 0;
        for (byte[] o : owners) {
            sum += fnv1a('o', o, null);
        }
        for (byte[] n : names) {
            sum += fnv1a('n', n, null);
        }
        for (int k = 0; k < aloneNames.length; k++) {
            sum += fnv1a('a', aloneNames[k], aloneDescriptors[k]);
        }
        return CHECK_VERSION + "-" + Long.toHexString(sum) + "-" + (owners.length + names.length + aloneNames.length);
    }

    /**
     * The version of how {@link #mayMatch} reads a class file, in every {@link #fingerprint}: raise it with any change
     * to what it lets through for the same rules, so that class indexes made before are no longer trusted.
     */
    static final int CHECK_VERSION = 1;

    private static long fnv1a(char kind, byte[] first, byte[] second) {
        long h = 0xcbf29ce484222325L;
        h = (h ^ kind) * 0x100000001b3L;
        for (byte b : first) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        if (second != null) {
            h = (h ^ ' ') * 0x100000001b3L;
            for (byte b : second) {
                h = (h ^ (b & 0xFF)) * 0x100000001b3L;
            }
        }
        return h;
    }

    /** Where an entry of this length, first and last byte falls in {@link #filter}: 0 to 4095 ({@link #mayMatch} inlines it). */
    private static int hash(int length, byte first, byte last) {
        return (length * 961 + first * 31 + last) & (FILTER_WORDS * 64 - 1);
    }

    /** A scanner for the call-site rules of a plan. */
    public static ConstantPoolScanner forPlan(RewritePlan plan) {
        return forRules(plan.rules());
    }

    /** A scanner for these rules. */
    static ConstantPoolScanner forRules(List<CallSiteRule> rules) {
        Set<String> owners = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<String> aloneKeys = new HashSet<>();
        List<String[]> alone = new ArrayList<>();
        for (CallSiteRule rule : rules) {
            if (rule.ownerMatch == CallSiteRule.Owner.EXACT) {
                owners.add(rule.owner);
                names.add(rule.name);
            } else if (aloneKeys.add(rule.name + rule.descriptor)) {
                alone.add(new String[] {rule.name, rule.descriptor});
            }
        }
        if (alone.size() > 64) {
            throw new IllegalArgumentException("more than 64 rules that match any owner: " + alone.size());
        }
        return new ConstantPoolScanner(owners, names, alone);
    }

    public boolean mayMatch(byte[] classFile) {
        if (classFile.length < 10 || readInt(classFile, 0) != 0xCAFEBABE) {
            return false;
        }
        int count = readUnsignedShort(classFile, 8);
        int offset = 10;
        int end = classFile.length;
        long[] filter = this.filter;
        // Per entry that passes the filter: its pool index << 32 | its offset; examined after the walk.
        long[] hits = new long[32];
        int hitCount = 0;
        int[] nameAndTypes = new int[16]; // name index << 16 | descriptor index
        int nameAndTypeCount = 0;
        // The walk runs for every class loaded, at start-up in the interpreter and then compiled: no call, and no
        // branch that only some classes take (a compiled loop that meets one is thrown away and compiled again).
        for (int index = 1; index < count; index++) {
            if (offset + 5 > end) { // a class file goes on for at least 14 bytes after its pool
                return true; // truncated: let the real parser say what is wrong
            }
            int tag = classFile[offset] & 0xFF;
            if (tag == 1) { // Utf8
                int length = (classFile[offset + 1] & 0xFF) << 8 | classFile[offset + 2] & 0xFF;
                int start = offset + 3;
                offset = start + length;
                if (offset >= end) {
                    return true; // truncated
                }
                int h = (length * 961 + classFile[start] * 31 + classFile[offset - 1]) & (FILTER_WORDS * 64 - 1);
                if ((filter[h >>> 6] & 1L << h) != 0) {
                    if (hitCount == hits.length) {
                        hits = Arrays.copyOf(hits, hitCount * 2);
                    }
                    hits[hitCount++] = (long) index << 32 | start - 3;
                }
            } else if (tag == 12) { // NameAndType
                if (nameAndTypeCount == nameAndTypes.length) {
                    nameAndTypes = Arrays.copyOf(nameAndTypes, nameAndTypeCount * 2);
                }
                nameAndTypes[nameAndTypeCount++] = (classFile[offset + 1] & 0xFF) << 24
                        | (classFile[offset + 2] & 0xFF) << 16 | (classFile[offset + 3] & 0xFF) << 8
                        | classFile[offset + 4] & 0xFF;
                offset += 5;
            } else {
                int size = tag < ENTRY_SIZES.length ? ENTRY_SIZES[tag] : 0;
                if (size == 0) {
                    return true; // a tag this scanner does not know: let the real parser decide
                }
                offset += size;
                index += size >>> 3; // a Long or a Double (9 bytes) takes two slots
            }
        }
        return matches(classFile, count, hits, hitCount, nameAndTypes, nameAndTypeCount);
    }

    /**
     * The bytes each kind of pool entry takes, its tag included, by tag; 0 for Utf8 (its length follows the tag)
     * and for a tag no class file version defines. {@link ClassFileView} reads pools by it too; it lives here,
     * where every class loaded passes.
     */
    static final byte[] ENTRY_SIZES = {
        0, 0, 0, 5, 5, 9, 9, 3, 3, 5, // -, Utf8, -, Integer, Float, Long, Double, Class, String, Fieldref
        5, 5, 5, 0, 0, 4, 3, 5, 5, 3, 3 // Methodref, InterfaceMethodref, NameAndType, -, -, MethodHandle,
                                        // MethodType, Dynamic, InvokeDynamic, Module, Package
    };

    /** Whether the entries that passed the filter name a rule's owner and member, or an any-owner rule's pair. */
    private boolean matches(byte[] classFile, int count, long[] hits, int hitCount, int[] nameAndTypes,
                            int nameAndTypeCount) {
        boolean owner = false;
        boolean name = false;
        long[] nameOf = null; // per pool index: which any-owner rules have that name, and that descriptor
        long[] descriptorOf = null;
        for (int k = 0; k < hitCount; k++) {
            int index = (int) (hits[k] >>> 32);
            int at = (int) hits[k];
            int length = readUnsignedShort(classFile, at + 1);
            int start = at + 3;
            owner = owner || matchesAny(classFile, start, length, owners);
            name = name || matchesAny(classFile, start, length, names);
            if (owner && name) {
                return true;
            }
            long n = matching(classFile, start, length, aloneNames);
            long d = matching(classFile, start, length, aloneDescriptors);
            if ((n | d) != 0) {
                if (nameOf == null) {
                    nameOf = new long[count];
                    descriptorOf = new long[count];
                }
                nameOf[index] = n;
                descriptorOf[index] = d;
            }
        }
        if (nameOf == null) {
            return false;
        }
        for (int i = 0; i < nameAndTypeCount; i++) {
            int n = nameAndTypes[i] >>> 16;
            int d = nameAndTypes[i] & 0xFFFF;
            if (n >= count || d >= count || (nameOf[n] & descriptorOf[d]) != 0) {
                return true; // an index out of range: let the real parser decide
            }
        }
        return false;
    }

    /** The candidates equal to the bytes at {@code start}, as a bit set over their indexes. */
    private static long matching(byte[] data, int start, int length, byte[][] candidates) {
        long found = 0;
        for (int k = 0; k < candidates.length; k++) {
            byte[] c = candidates[k];
            if (c.length == length && regionEquals(data, start, c)) {
                found |= 1L << k;
            }
        }
        return found;
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

    /**
     * The bytes of a class name, member name or descriptor of the rules, as a class file holds them: they are all
     * ASCII, which the class file's UTF-8 keeps byte for byte (and java.nio.charset is not loaded for this).
     */
    static byte[] ascii(String s) {
        byte[] bytes = new byte[s.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 127) {
                throw new IllegalArgumentException("a rule names a non-ASCII member: " + s);
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    private static byte[][] encode(Set<String> strings) {
        byte[][] encoded = new byte[strings.size()][];
        int i = 0;
        for (String s : strings) { // no stream: this runs before main, where every class loaded counts
            encoded[i++] = ascii(s);
        }
        return encoded;
    }
}
