package dev.timescope.agent.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Which methods the rewriter decodes: those that may hold a call site of a rule's name; every other one is copied
 * as it is. The walk over the bytecode must step over every instruction correctly (switches, wide operands,
 * constants) to find the calls that come after them.
 */
class CallingMethodsTest {

    private static final Set<String> NAMES = Set.of("nanoTime", "sleep");

    /** Methods of every shape, in a class without method handles to a rule's method. */
    @SuppressWarnings("unused")
    static final class Mixed {
        private long field;

        long quiet(int x) {
            long sum = 0;
            for (int i = 0; i < x; i++) {
                sum += i * 31L;
            }
            return sum + field;
        }

        long afterSwitches(int x, String s) {
            long r;
            switch (x) {
                case 1: r = 10; break;
                case 2: r = 20; break;
                case 3: r = 30; break;
                default: r = 0;
            }
            switch (x) {
                case 100: r += 1; break;
                case 10_000: r += 2; break;
                default: r += 3;
            }
            double d = 2.5;
            long big = 1L << 40;
            Object o = s.isEmpty() ? "constant" : Integer.valueOf(x);
            return r + (long) d + big + o.hashCode() + System.nanoTime();
        }

        String concatenates(int x) {
            return "x=" + x; // an invokedynamic with no method handle of a rule's name
        }

        void sleeps() throws InterruptedException {
            Thread.sleep(1);
        }

        long otherNanoTime() {
            return nanoTimeOf(this);
        }

        private static long nanoTimeOf(Object o) {
            return o.hashCode();
        }

        void sleepsInAnotherClass() throws InterruptedException {
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    /** A method handle to System.nanoTime: every method with an invokedynamic may hold it. */
    @SuppressWarnings("unused")
    static final class WithHandle {
        long viaHandle() {
            LongSupplier clock = System::nanoTime;
            return clock.getAsLong();
        }

        Runnable otherLambda() {
            return () -> { };
        }

        long quiet(long x) {
            return x * 2;
        }
    }

    @Test
    void onlyTheMethodsThatCallARuleByNameAreDecoded() throws IOException {
        Map<String, Boolean> calling = calling(Mixed.class);
        assertThat(calling).containsEntry("quiet", false)
                .containsEntry("afterSwitches", true)
                .containsEntry("concatenates", false)
                .containsEntry("sleeps", true)
                .containsEntry("otherNanoTime", false)
                .containsEntry("<init>", false);
        assertThat(calling.get("nanoTimeOf")).isFalse();
        assertThat(calling.get("sleepsInAnotherClass")).as("a call of a rule's name is decoded; the rule decides").isTrue();
    }

    @Test
    void aMethodHandleToARuleMarksEveryInvokedynamic() throws IOException {
        Map<String, Boolean> calling = calling(WithHandle.class);
        assertThat(calling).containsEntry("viaHandle", true)
                .containsEntry("otherLambda", true)
                .containsEntry("quiet", false);
    }

    @Test
    void somethingItCannotReadMarksEveryMethod() {
        byte[] notAClass = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 1, 0, 0, 0, 0};
        assertThat(CallingMethods.of(notAClass, NAMES)).isNull();
    }

    /** Method name (each is declared once) to whether it is decoded. */
    private static Map<String, Boolean> calling(Class<?> c) throws IOException {
        byte[] bytes;
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
            bytes = in.readAllBytes();
        }
        ClassReader reader = new ClassReader(bytes);
        boolean[] flags = CallingMethods.of(bytes, NAMES);
        assertThat(flags).isNotNull();
        List<String> names = new ArrayList<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String d, String s, String[] e) {
                names.add(name);
                return null;
            }
        }, ClassReader.SKIP_CODE);
        assertThat(flags).hasSize(names.size());
        Map<String, Boolean> byName = new LinkedHashMap<>();
        for (int i = 0; i < flags.length; i++) {
            byName.put(names.get(i), flags[i]);
        }
        return byName;
    }
}
