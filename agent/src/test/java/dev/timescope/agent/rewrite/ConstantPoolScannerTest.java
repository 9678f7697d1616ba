package dev.timescope.agent.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.agent.instrumentation.Instrumentations;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The constant-pool check that spares most classes a full parse: it must let through every class a rule can
 * change, and should stop the ones that only share a name with a rule.
 */
class ConstantPoolScannerTest {

    private static final ConstantPoolScanner APPLICATION =
            ConstantPoolScanner.forPlan(Instrumentations.all().planFor("com/acme/Any", true));

    static final class JoinsStrings {
        static String run(String a, String b) {
            return String.join(",", a, b);
        }
    }

    static final class JoinsAThread {
        static void run(Thread t) throws InterruptedException {
            t.join();
        }
    }

    static final class Worker extends Thread {
    }

    static final class JoinsAWorker {
        static void run(Worker w) throws InterruptedException {
            w.join(5);
        }
    }

    static final class ReadsTheClockByHandle {
        static LongSupplier clock() {
            return System::nanoTime;
        }
    }

    static final class Waits {
        static void run(Object lock) throws InterruptedException {
            synchronized (lock) {
                lock.wait(1);
            }
        }
    }

    static final class DoesNothingTimed {
        static int run(int x) {
            return x * 2;
        }
    }

    @Test
    void aClassThatOnlySharesANameWithARuleIsNotParsed() throws IOException {
        assertThat(APPLICATION.mayMatch(bytes(JoinsStrings.class))).isFalse();
        assertThat(APPLICATION.mayMatch(bytes(DoesNothingTimed.class))).isFalse();
    }

    @Test
    void everyKindOfCallARuleChangesIsLetThrough() throws IOException {
        assertThat(APPLICATION.mayMatch(bytes(JoinsAThread.class))).isTrue();
        assertThat(APPLICATION.mayMatch(bytes(JoinsAWorker.class))).as("through a subclass").isTrue();
        assertThat(APPLICATION.mayMatch(bytes(ReadsTheClockByHandle.class))).as("a method handle").isTrue();
        assertThat(APPLICATION.mayMatch(bytes(Waits.class))).as("Object.wait, any owner").isTrue();
    }

    @Test
    void whatItCannotReadItLetsThrough() {
        byte[] truncated = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9, 1, 0};
        assertThat(APPLICATION.mayMatch(truncated)).isTrue();
        assertThat(APPLICATION.mayMatch(new byte[] {1, 2, 3})).isFalse();
    }

    private static byte[] bytes(Class<?> c) throws IOException {
        String resource = "/" + c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
