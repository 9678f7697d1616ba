package dev.timescope.agent.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The table of a jar's entries finds exactly the entries written into it. */
class EntrySumsTest {

    @Test
    void itFindsEveryEntryWrittenAndNothingElseSeeded() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            int n = random.nextInt(300);
            String[] names = new String[n];
            byte[][] bytes = new byte[n][];
            long[] lengths = new long[n];
            long[] crcs = new long[n];
            for (int i = 0; i < n; i++) {
                // Few names, so that one name has several entries (a multi-release jar), and negative hashes.
                names[i] = "p/C" + random.nextInt(Math.max(1, n / 2)) + (random.nextBoolean() ? "\u00e9" : "");
                bytes[i] = new byte[1 + random.nextInt(64)];
                random.nextBytes(bytes[i]);
                lengths[i] = bytes[i].length;
                crcs[i] = crc(bytes[i]);
            }
            EntrySums sums = parse(EntrySums.format(names, lengths, crcs), n);
            for (int i = 0; i < n; i++) {
                assertThat(sums.isEntryOf(names[i], bytes[i])).as("seed %d, entry %d", seed, i).isTrue();
                byte[] other = bytes[i].clone();
                int at = random.nextInt(other.length);
                other[at] = (byte) (other[at] ^ (1 + random.nextInt(255)));
                boolean another = false;
                for (int j = 0; j < n; j++) { // the changed bytes may be another entry of the same name
                    another |= names[j].equals(names[i]) && java.util.Arrays.equals(bytes[j], other);
                }
                assertThat(sums.isEntryOf(names[i], other)).as("seed %d, entry %d changed", seed, i).isEqualTo(another);
                assertThat(sums.isEntryOf(names[i] + "X", bytes[i])).as("seed %d, another name", seed).isFalse();
            }
        }
    }

    @Test
    void aLineThatIsNotWhatTheIndexerWritesIsRefused() {
        assertThatThrownBy(() -> parse("00", 1)).hasMessage("expected 1 entries of 24 hexadecimal digits,"
                + " found 2 characters");
        assertThatThrownBy(() -> parse("0000000g0000000000000000", 1))
                .hasMessage("\"g\" at character 8 is not a hexadecimal digit");
        assertThatThrownBy(() -> parse("000000020000000000000000" + "000000010000000000000000", 2))
                .hasMessage("the entries are not sorted by name hash");
        assertThat(parse("", 0).isEntryOf("a/B", new byte[1])).isFalse();
    }

    private static EntrySums parse(String digits, int count) {
        return EntrySums.parse(("ab" + digits).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 2, count);
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
