package dev.timescope.agent;

import java.io.File;
import java.net.URISyntaxException;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Loads this agent into the running JVM: the fallback when a test JVM was started without
 * {@code -javaagent}. The JDK restricts self-attach (JEP 451, {@code -XX:-EnableDynamicAgentLoading});
 * ByteBuddy attaches from a helper process where the JVM refuses to attach to itself.
 */
public final class SelfAttach {

    private SelfAttach() {
    }

    /**
     * Attaches the agent jar this class was loaded from.
     *
     * @throws IllegalStateException with the reason when the JVM refuses
     */
    public static void attach() {
        File jar = agentJar();
        try {
            ByteBuddyAgent.attach(jar, ByteBuddyAgent.ProcessProvider.ForCurrentVm.INSTANCE);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("could not attach " + jar + " to this JVM: " + e.getMessage(), e);
        }
    }

    static File agentJar() {
        File location;
        try {
            location = new File(SelfAttach.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot locate the timescope agent jar: " + e, e);
        }
        if (!location.isFile()) {
            throw new IllegalStateException("the timescope agent classes come from " + location + ", not from its jar;"
                    + " run 'package' first (./mvnw verify builds it)");
        }
        return location;
    }
}
