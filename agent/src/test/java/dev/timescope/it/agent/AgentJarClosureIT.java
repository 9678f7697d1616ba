package dev.timescope.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;
import org.junit.jupiter.api.Test;

/**
 * The agent jar goes on the bootstrap class path, and carries only the runtime's bootstrap part. Any class
 * of it that referred to a timescope class outside the jar (VirtualClock, TaskScope...) would fail to link
 * there: every timescope type each class refers to (owners, descriptors, signatures) must be in the jar.
 */
class AgentJarClosureIT {

    @Test
    void everyTimescopeTypeTheJarsClassesReferToIsInTheJar() throws IOException {
        Set<String> inJar = new HashSet<>();
        List<String> dangling = new ArrayList<>();
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR)) {
            List<JarEntry> classes = new ArrayList<>();
            jar.stream().filter(e -> e.getName().endsWith(".class")).forEach(e -> {
                inJar.add(e.getName().substring(0, e.getName().length() - ".class".length()));
                classes.add(e);
            });
            for (JarEntry entry : classes) {
                Set<String> referred = new HashSet<>();
                try (InputStream in = jar.getInputStream(entry)) {
                    new ClassReader(in.readAllBytes()).accept(new ClassRemapper(new ClassWriter(0), new Remapper(Opcodes.ASM9) {
                        @Override
                        public String map(String internalName) {
                            referred.add(internalName);
                            return internalName;
                        }
                    }), 0);
                }
                for (String type : referred) {
                    // ByteBuddy's own optional references (JNA, FindBugs annotations) are its business.
                    if (type.startsWith("dev/timescope/") && !inJar.contains(type)) {
                        dangling.add(entry.getName() + " -> " + type);
                    }
                }
            }
        }
        assertThat(dangling).isEmpty();
        assertThat(inJar).contains("dev/timescope/internal/hooks/TimeHooks", "dev/timescope/internal/clock/Domain",
                "dev/timescope/agent/TimescopeAgent").doesNotContain("dev/timescope/VirtualClock");
        assertThat(inJar).noneMatch(c -> c.startsWith("net/bytebuddy/")); // relocated: never clashes with the app's
    }
}
