package dev.timescope.agent.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.agent.instrumentation.Instrumentations;
import dev.timescope.agent.rewrite.samples.Calls;
import dev.timescope.agent.rewrite.samples.Worker;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The rewriting that edits a class file in place gives every class the meaning the ASM rewriting gives it, and
 * leaves to ASM what it cannot do.
 */
class InPlaceRewriterTest {

    private static final Instrumentations INSTRUMENTATIONS = Instrumentations.all();
    private static final RewritePlan PLAN = INSTRUMENTATIONS.planFor("com/acme/Sample", true);
    private static final ClassHierarchy HIERARCHY = ClassHierarchy.of(InPlaceRewriterTest.class.getClassLoader());

    @Test
    void anApplicationClassIsRewrittenInPlace() throws IOException {
        assertThat(PLAN.onlyClassWideCalls()).isTrue();
        for (byte[] classFile : List.of(bytes(Calls.class), bytes(Worker.class), bytes(Worker.Grand.class))) {
            byte[] inPlace = InPlaceRewriter.rewrite(classFile, PLAN.rules(), HIERARCHY);
            assertThat(inPlace).isNotNull().isNotSameAs(InPlaceRewriter.NOT_HANDLED);
            assertThat(listing(inPlace)).isEqualTo(listing(ClassRewriter.rewriteWithAsm(classFile, PLAN, HIERARCHY)));
            assertThat(inPlace).hasSize(classFile.length + appended(classFile, inPlace));
        }
    }

    /**
     * Every class of the libraries on this test's class path (JUnit, AssertJ, ByteBuddy...) and of the JDK's own
     * modules that the constant-pool check lets through, taken as application classes: rewritten in place, it
     * lists instruction for instruction, frame for frame, what the ASM rewriting makes of it, and it is left alone
     * exactly when ASM leaves it alone.
     */
    @Test
    void onEveryClassOfRealLibrariesItMeansWhatAsmMeans() throws IOException {
        Comparison comparison = new Comparison();
        for (String path : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (path.endsWith(".jar")) {
                try (JarFile jar = new JarFile(path)) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry entry = e.nextElement();
                        if (entry.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                comparison.compare(entry.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        }
        try (Stream<Path> modules = Files.walk(FileSystems.getFileSystem(URI.create("jrt:/")).getPath("/modules"))) {
            for (Path p : (Iterable<Path>) modules::iterator) {
                if (p.toString().endsWith(".class")) {
                    comparison.compare(p.toString(), Files.readAllBytes(p));
                }
            }
        }
        assertThat(comparison.rewritten).isGreaterThan(300);
        assertThat(comparison.leftAlone).isPositive();
        assertThat(comparison.leftToAsm).as("left to ASM").hasSizeLessThan(comparison.rewritten / 20);
    }

    /** Both rewritings of the same classes, side by side. */
    private static final class Comparison {
        int rewritten;
        int leftAlone;
        final List<String> leftToAsm = new ArrayList<>();

        void compare(String name, byte[] classFile) {
            if (name.endsWith("module-info.class") || !INSTRUMENTATIONS.mayRewriteApplicationClass(classFile)) {
                return;
            }
            byte[] inPlace = InPlaceRewriter.rewrite(classFile, PLAN.rules(), HIERARCHY);
            byte[] asm = ClassRewriter.rewriteWithAsm(classFile, PLAN, HIERARCHY);
            if (inPlace == InPlaceRewriter.NOT_HANDLED) {
                leftToAsm.add(name);
                return;
            }
            assertThat(inPlace == null).as(name).isEqualTo(asm == null);
            if (inPlace == null) {
                leftAlone++;
            } else {
                rewritten++;
                assertThat(listing(inPlace)).as(name).isEqualTo(listing(asm));
                appended(classFile, inPlace);
            }
        }
    }

    @Test
    void anInterfaceCallItWouldReplaceIsLeftToAsm() {
        byte[] classFile = generated(m -> {
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/Queue", "wait", "()V", true);
        });
        assertThat(InPlaceRewriter.rewrite(classFile, PLAN.rules(), HIERARCHY)).isSameAs(InPlaceRewriter.NOT_HANDLED);
        assertThat(calls(ClassRewriter.rewrite(classFile, PLAN, HIERARCHY)))
                .containsExactly("INVOKESTATIC dev/timescope/internal/hooks/MonitorHooks.wait(Ljava/lang/Object;)V");
    }

    @Test
    void anInstanceCallBecomesAStaticCallOfTheSameLength() {
        byte[] classFile = generated(m -> {
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "notifyAll", "()V", false);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
            m.visitInsn(Opcodes.POP2);
        });
        byte[] inPlace = InPlaceRewriter.rewrite(classFile, PLAN.rules(), HIERARCHY);
        assertThat(calls(inPlace)).containsExactly(
                "INVOKESTATIC dev/timescope/internal/hooks/MonitorHooks.notifyAll(Ljava/lang/Object;)V",
                "INVOKESTATIC dev/timescope/internal/hooks/TimeHooks.nanoTime()J");
        assertThat(listing(inPlace)).isEqualTo(listing(ClassRewriter.rewriteWithAsm(classFile, PLAN, HIERARCHY)));
    }

    @Test
    void aClassWithNothingToReplaceIsLeftAsItIs() {
        byte[] classFile = generated(m -> {
            m.visitVarInsn(Opcodes.ALOAD, 0);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "hashCode", "()I", false);
            m.visitInsn(Opcodes.POP);
        });
        assertThat(InPlaceRewriter.rewrite(classFile, PLAN.rules(), HIERARCHY)).isNull();
    }

    @Test
    void whatItCannotReadIsLeftToAsm() {
        byte[] notAClass = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 1, 0, 0, 0, 0};
        assertThat(InPlaceRewriter.rewrite(notAClass, PLAN.rules(), HIERARCHY)).isSameAs(InPlaceRewriter.NOT_HANDLED);
        assertThat(InPlaceRewriter.rewrite(new byte[] {1, 2, 3}, PLAN.rules(), HIERARCHY))
                .isSameAs(InPlaceRewriter.NOT_HANDLED);
    }

    /**
     * The bytes the in-place rewriting appended to the pool, checking that nothing else changed but call opcodes
     * that became invokestatic.
     */
    private static int appended(byte[] before, byte[] after) {
        ClassFileView a = ClassFileView.of(before);
        ClassFileView b = ClassFileView.of(after);
        int added = b.poolEnd - a.poolEnd;
        assertThat(after.length - b.poolEnd).isEqualTo(before.length - a.poolEnd);
        for (int i = a.poolEnd; i < before.length; i++) {
            if (before[i] != after[i + added]) {
                assertThat(before[i] & 0xFF).isIn(Opcodes.INVOKEVIRTUAL, Opcodes.INVOKESPECIAL);
                assertThat(after[i + added] & 0xFF).isEqualTo(Opcodes.INVOKESTATIC);
            }
        }
        return added;
    }

    private static byte[] bytes(Class<?> c) throws IOException {
        try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** A class {@code Generated} with one static method {@code run(Object)}, its body written by {@code body}. */
    private static byte[] generated(java.util.function.Consumer<MethodVisitor> body) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "Generated", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "(Ljava/lang/Object;)V",
                null, null);
        m.visitCode();
        body.accept(m);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static List<String> calls(byte[] classFile) {
        List<String> calls = new ArrayList<>();
        for (String line : listing(classFile)) {
            if (line.startsWith("  INVOKE")) {
                calls.add(line.trim());
            }
        }
        return calls;
    }

    /** Every method, instruction, frame, handler and constant of a class, as ASM reads it, labels numbered. */
    private static List<String> listing(byte[] classFile) {
        List<String> out = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] ex) {
                out.add(access + " " + name + desc);
                labels.clear();
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInsn(int opcode) {
                        out.add("  op " + opcode);
                    }

                    @Override
                    public void visitIntInsn(int opcode, int operand) {
                        out.add("  op " + opcode + " " + operand);
                    }

                    @Override
                    public void visitVarInsn(int opcode, int var) {
                        out.add("  op " + opcode + " var " + var);
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        out.add("  op " + opcode + " " + type);
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String n, String d) {
                        out.add("  op " + opcode + " " + owner + "." + n + d);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                        out.add("  " + (opcode == Opcodes.INVOKESTATIC ? "INVOKESTATIC" : "INVOKE" + opcode) + " "
                                + owner + "." + n + d + (itf ? " itf" : ""));
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
                        out.add("  indy " + n + d + " " + bsm + " " + Arrays.deepToString(args));
                    }

                    @Override
                    public void visitJumpInsn(int opcode, Label label) {
                        out.add("  op " + opcode + " -> " + id(label));
                    }

                    @Override
                    public void visitLabel(Label label) {
                        out.add(" L" + id(label));
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        out.add("  ldc " + value + " " + value.getClass().getSimpleName());
                    }

                    @Override
                    public void visitIincInsn(int var, int increment) {
                        out.add("  iinc " + var + " " + increment);
                    }

                    @Override
                    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                        out.add("  tableswitch " + min + " " + max + " " + offsets(dflt, labels));
                    }

                    @Override
                    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                        out.add("  lookupswitch " + Arrays.toString(keys) + " " + offsets(dflt, labels));
                    }

                    @Override
                    public void visitMultiANewArrayInsn(String d, int dims) {
                        out.add("  multianewarray " + d + " " + dims);
                    }

                    @Override
                    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                        out.add("  try " + offsets(start, end, handler) + " " + type);
                    }

                    @Override
                    public void visitFrame(int type, int nLocal, Object[] local, int nStack, Object[] stack) {
                        out.add("  frame " + type + " " + frameTypes(local, nLocal) + " " + frameTypes(stack, nStack));
                    }

                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        out.add("  maxs " + maxStack + " " + maxLocals);
                    }
                };
            }
        }, ClassReader.EXPAND_FRAMES);
        return out;
    }

    /** Per label of the method listed, its number in the order labels first appear (the same in both listings). */
    private static final Map<Label, Integer> labels = new IdentityHashMap<>();

    private static int id(Label label) {
        Integer id = labels.get(label);
        if (id == null) {
            id = labels.size();
            labels.put(label, id);
        }
        return id;
    }

    private static String offsets(Label first, Label... more) {
        StringBuilder s = new StringBuilder().append(id(first));
        for (Label l : more) {
            s.append(',').append(id(l));
        }
        return s.toString();
    }

    private static String frameTypes(Object[] types, int n) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            Object t = types[i];
            s.append(t instanceof Label ? "new@" + id((Label) t) : String.valueOf(t)).append(' ');
        }
        return s.append(']').toString();
    }
}
