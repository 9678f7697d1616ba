package dev.timescope.agent.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.agent.instrumentation.Instrumentations;
import dev.timescope.agent.rewrite.samples.Calls;
import dev.timescope.agent.rewrite.samples.Plain;
import dev.timescope.agent.rewrite.samples.Shadowing;
import dev.timescope.agent.rewrite.samples.Stamped;
import dev.timescope.agent.rewrite.samples.Team;
import dev.timescope.agent.rewrite.samples.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The rewriting rules on real class files: which call sites change, which must not, and that the
 * rewritten classes still load, verify and run (outside any domain the hooks do what the JDK does).
 */
class CallSiteRewriterTest {

    private static final Instrumentations INSTRUMENTATIONS = Instrumentations.all();

    private static byte[] bytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(String binaryName) throws IOException {
        try (InputStream in = CallSiteRewriterTest.class.getClassLoader()
                .getResourceAsStream(binaryName.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static byte[] rewrite(byte[] classFile) {
        if (!INSTRUMENTATIONS.mayRewriteApplicationClass(classFile)) {
            return null;
        }
        return ClassRewriter.rewrite(classFile, INSTRUMENTATIONS.planFor("com/acme/Sample", true),
                ClassHierarchy.of(CallSiteRewriterTest.class.getClassLoader()));
    }

    /** Every call instruction and method handle in a class, as "owner.name" strings. */
    private static List<String> calls(byte[] classFile) {
        List<String> calls = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String d, String s, String[] e) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String n, String desc, boolean itf) {
                        calls.add(owner + "." + n);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String n, String desc, Handle bsm, Object... args) {
                        for (Object a : args) {
                            if (a instanceof Handle) {
                                calls.add("handle " + ((Handle) a).getOwner() + "." + ((Handle) a).getName());
                            }
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }

    @Test
    void everyKindOfCallSiteIsRewrittenToItsHook() throws Exception {
        byte[] rewritten = rewrite(bytes(Calls.class));

        List<String> calls = calls(rewritten);
        assertThat(calls).doesNotContain("java/lang/System.nanoTime", "java/lang/System.currentTimeMillis",
                "java/lang/Thread.sleep", "java/lang/Thread.join", "java/util/concurrent/locks/LockSupport.park",
                "java/util/concurrent/locks/LockSupport.parkNanos", "java/util/concurrent/locks/LockSupport.parkUntil",
                "java/util/concurrent/locks/LockSupport.unpark", "handle java/lang/System.nanoTime");
        assertThat(calls).contains("dev/timescope/internal/hooks/TimeHooks.nanoTime",
                "dev/timescope/internal/hooks/TimeHooks.currentTimeMillis", "dev/timescope/internal/hooks/TimeHooks.sleep",
                "dev/timescope/internal/hooks/ThreadHooks.join", "dev/timescope/internal/hooks/ParkHooks.parkNanos",
                "dev/timescope/internal/hooks/ParkHooks.parkUntil", "dev/timescope/internal/hooks/ParkHooks.unpark",
                "handle dev/timescope/internal/hooks/TimeHooks.nanoTime");
        assertThat(calls).contains("java/lang/Thread.start"); // not a rule: untouched
    }

    @Test
    void rewrittenClassesLoadVerifyAndBehaveAsBeforeOutsideADomain() throws Exception {
        Map<String, byte[]> rewritten = new HashMap<>();
        rewritten.put(Calls.class.getName(), rewrite(bytes(Calls.class)));
        rewritten.put(Stamped.class.getName(), rewrite(bytes(Stamped.class)));
        rewritten.put(Shadowing.class.getName(), rewrite(bytes(Shadowing.class)));
        ClassLoader loader = new DefiningLoader(rewritten);

        Object result = loader.loadClass(Calls.class.getName()).getMethod("run").invoke(null);
        assertThat(result).isInstanceOf(Long.class);
        Object stamped = loader.loadClass(Stamped.class.getName()).getConstructor(String.class).newInstance("x");
        assertThat(stamped.getClass().getMethod("at").invoke(stamped)).isInstanceOf(Long.class);
        assertThat(loader.loadClass(Shadowing.class.getName()).getMethod("sleepFive").invoke(null)).isEqualTo(5);
    }

    @Test
    void recordsAreRewrittenLikeAnyClass() throws Exception {
        assertThat(calls(rewrite(bytes(Stamped.class)))).contains("dev/timescope/internal/hooks/TimeHooks.currentTimeMillis");
    }

    @Test
    void threadsMethodsCalledThroughSubclassesAreRewritten() throws Exception {
        assertThat(calls(rewrite(bytes(Worker.class)))).contains("dev/timescope/internal/hooks/TimeHooks.sleep")
                .doesNotContain("dev/timescope/agent/rewrite/samples/Worker.sleep");
        List<String> grand = calls(rewrite(bytes(Worker.Grand.class.getName())));
        assertThat(grand).contains("dev/timescope/internal/hooks/ThreadHooks.join", "dev/timescope/internal/hooks/TimeHooks.sleep")
                .doesNotContain("dev/timescope/agent/rewrite/samples/Worker$Grand.join");
    }

    @Test
    void aClassThatDeclaresItsOwnSleepKeepsCallingIt() throws Exception {
        byte[] rewritten = rewrite(bytes(Shadowing.class));
        assertThat(rewritten == null ? calls(bytes(Shadowing.class)) : calls(rewritten))
                .contains("dev/timescope/agent/rewrite/samples/Shadowing.sleep");
    }

    @Test
    void classesWithoutTargetsAreLeftAloneWithoutBeingParsed() throws Exception {
        assertThat(INSTRUMENTATIONS.mayRewriteApplicationClass(bytes(Plain.class))).isFalse();
        assertThat(rewrite(bytes(Plain.class))).isNull();
        assertThat(INSTRUMENTATIONS.mayRewriteApplicationClass(bytes(Calls.class))).isTrue();
        assertThat(INSTRUMENTATIONS.mayRewriteApplicationClass(new byte[] {1, 2, 3})).isFalse();
    }

    @Test
    void aJoinOfAnUnrelatedClassIsLookedAtButLeftAlone() throws Exception {
        assertThat(INSTRUMENTATIONS.mayRewriteApplicationClass(bytes(Team.class))).isTrue(); // it names "join"
        assertThat(rewrite(bytes(Team.class))).isNull();
    }

    /** Defines the given classes from bytes, delegating everything else. */
    private static final class DefiningLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        DefiningLoader(Map<String, byte[]> classes) {
            super(CallSiteRewriterTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                byte[] b = classes.get(name);
                if (b == null) {
                    return super.loadClass(name, resolve);
                }
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, b, 0, b.length);
            }
        }
    }
}
