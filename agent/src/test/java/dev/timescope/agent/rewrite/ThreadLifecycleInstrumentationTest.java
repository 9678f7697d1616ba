package dev.timescope.agent.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.timescope.agent.instrumentation.Instrumentations;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/** The life-cycle hooks land in java.lang.Thread of the running JDK, in the methods that need them. */
class ThreadLifecycleInstrumentationTest {

    @Test
    void threadGetsItsFourHooksInTheRightMethods() throws Exception {
        byte[] thread;
        try (InputStream in = Object.class.getResourceAsStream("/java/lang/Thread.class")) {
            thread = in.readAllBytes();
        }
        List<String> hooked = new ArrayList<>();
        new ClassReader(ClassRewriter.rewrite(thread, Instrumentations.all().planFor("java/lang/Thread", false),
                ClassHierarchy.of(null))).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String desc, String s, String[] e) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String name, String d, boolean itf) {
                        if (owner.equals("dev/timescope/internal/hooks/ThreadHooks")) {
                            hooked.add(method + " -> " + name);
                        }
                    }
                };
            }
        }, 0);
        assertThat(hooked).contains("<init> -> onCreated", "start -> onStart", "exit -> onExit",
                "interrupt -> onInterrupt");
        assertThat(hooked).allMatch(h -> h.startsWith("<init>") || h.startsWith("start") || h.startsWith("exit")
                || h.startsWith("interrupt"));
    }
}
