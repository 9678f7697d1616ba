package dev.timescope.agent.index;

import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A jar's class entries as a class index records them: for each, the hash of its class's internal name
 * ({@link String#hashCode()}, which the language defines), its length and its CRC-32, as the jar's directory gives
 * them. It lets the agent tell a class's bytes are the jar's own entry without opening the jar.
 *
 * <p>In the index it is one line of 24 hexadecimal digits per entry (name hash, length, CRC, 8 digits each), sorted;
 * the agent turns it into an array the first time a class of that jar loads, and looks entries up by binary search.
 *
 * <p>Thread safety: immutable once made; {@link ClassIndex} parses a jar's line once, racing parses agreeing.
 */
final class EntrySums {

    static final int DIGITS = 24;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Sorted triples: name hash, length, CRC-32. */
    private final int[] rows;

    private EntrySums(int[] rows) {
        this.rows = rows;
    }

    /** Rows for the indexer: {@code names[i]} has an entry of {@code lengths[i]} bytes and CRC {@code crcs[i]}. */
    static String format(String[] names, long[] lengths, long[] crcs) {
        long[][] sorted = new long[names.length][];
        for (int i = 0; i < names.length; i++) {
            sorted[i] = new long[] {names[i].hashCode(), (int) lengths[i], (int) crcs[i]};
        }
        Arrays.sort(sorted, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
        StringBuilder text = new StringBuilder(sorted.length * DIGITS);
        for (long[] row : sorted) {
            for (long value : row) {
                for (int shift = 28; shift >= 0; shift -= 4) {
                    text.append(HEX[(int) (value >>> shift) & 0xf]);
                }
            }
        }
        return text.toString();
    }

    /** The value of each hexadecimal digit (lower case, as written), -1 for any other byte. */
    private static final byte[] VALUE = new byte[256];

    static {
        Arrays.fill(VALUE, (byte) -1);
        for (int d = 0; d < 16; d++) {
            VALUE[HEX[d]] = (byte) d;
        }
    }

    /**
     * Parses {@code count} rows written by {@link #format}, from {@code start} in ASCII bytes: this runs for each jar
     * as its first class loads, often in the interpreter, so it reads an array rather than calling
     * {@code String.charAt}.
     *
     * @throws IllegalArgumentException if {@code digits} are not {@code count} sorted rows of hexadecimal digits
     */
    static EntrySums parse(byte[] digits, int start, int count) {
        if (count < 0 || digits.length - start < (long) count * DIGITS) {
            throw new IllegalArgumentException("expected " + count + " entries of " + DIGITS + " hexadecimal digits,"
                    + " found " + (digits.length - start) + " characters");
        }
        int[] rows = new int[count * 3];
        int at = start;
        for (int i = 0; i < rows.length; i++) {
            int value = 0;
            for (int end = at + 8; at < end; at++) {
                int digit = VALUE[digits[at] & 0xff];
                if (digit < 0) {
                    throw new IllegalArgumentException("\"" + (char) (digits[at] & 0xff) + "\" at character "
                            + (at - start + 1) + " is not a hexadecimal digit");
                }
                value = value << 4 | digit;
            }
            rows[i] = value;
        }
        for (int r = 3; r < rows.length; r += 3) {
            if (rows[r] < rows[r - 3]) {
                throw new IllegalArgumentException("the entries are not sorted by name hash");
            }
        }
        return new EntrySums(rows);
    }

    /** Whether {@code classFile} is, byte for byte as far as length and CRC-32 tell, an entry of the class {@code name}. */
    boolean isEntryOf(String name, byte[] classFile) {
        int hash = name.hashCode();
        int low = 0;
        int high = rows.length / 3 - 1;
        while (low < high) { // the first row whose hash is not below hash
            int mid = (low + high) >>> 1;
            if (rows[mid * 3] < hash) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        long crc = -1;
        for (int r = low * 3; r < rows.length && rows[r] == hash; r += 3) {
            if (rows[r + 1] == classFile.length) {
                if (crc < 0) {
                    CRC32 sum = new CRC32();
                    sum.update(classFile, 0, classFile.length);
                    crc = sum.getValue();
                }
                if (rows[r + 2] == (int) crc) {
                    return true;
                }
            }
        }
        return false;
    }
}
