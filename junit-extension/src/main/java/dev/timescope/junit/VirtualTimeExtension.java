package dev.timescope.junit;

import dev.timescope.LeakPolicy;
import dev.timescope.VirtualClock;
import dev.timescope.VirtualTimeError;
import dev.timescope.internal.clock.Domains;
import dev.timescope.internal.clock.Member;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The extension behind {@link VirtualTime}: one virtual-time domain per test method, rooted at the thread
 * that runs it, open from before its {@code @BeforeEach} methods until after its {@code @AfterEach}
 * methods. Registered by the annotation; not meant to be registered on its own.
 */
public final class VirtualTimeExtension
        implements BeforeEachCallback, AfterEachCallback, ParameterResolver, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VirtualTimeExtension.class);
    private static final String CLOCK = "clock";
    private static final String RECORDING = "recording";

    /** Creates the extension. JUnit does, where {@link VirtualTime} registers it; tests never need to. */
    public VirtualTimeExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        AgentLoader.ensureInstalled(); // first: nothing of the runtime is touched before the agent is in
        VirtualTimeSettings settings = VirtualTimeSettings.of(context);
        FailureRecording recording = FailureRecording.startIfWanted(context, fileName(context));
        if (recording != null) {
            context.getStore(NAMESPACE).put(RECORDING, recording); // before the clock: it records the domain's start
        }
        VirtualClock clock = VirtualClock.builder()
                .name(domainName(context))
                .startAt(settings.start)
                .autoAdvance(settings.autoAdvance)
                .onLeak(LeakPolicy.valueOf(settings.onLeak.name()))
                .deadlockGrace(settings.deadlockGrace)
                .runawayLimit(settings.runawayLimit)
                .stallWarning(settings.stallWarning)
                .realTimeWhileBusy(settings.realTimeWhileBusy)
                .spinTick(settings.spinTick)
                .start();
        context.getStore(NAMESPACE).put(CLOCK, clock);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        VirtualClock clock = context.getStore(NAMESPACE).remove(CLOCK, VirtualClock.class);
        FailureRecording recording = context.getStore(NAMESPACE).remove(RECORDING, FailureRecording.class);
        Throwable closeFailure = null;
        try {
            if (clock != null) {
                clock.close(); // a leak fails the test here, after the report
            }
        } catch (RuntimeException | Error e) {
            closeFailure = e;
            throw e;
        } finally {
            if (recording != null) {
                recording.finish(closeFailure != null ? closeFailure : context.getExecutionException().orElse(null),
                        context.getRequiredTestClass().getClassLoader());
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == VirtualClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        VirtualClock clock = context.getStore(NAMESPACE).get(CLOCK, VirtualClock.class);
        if (clock == null) {
            throw new ParameterResolutionException("a VirtualClock can be injected into the test methods and the"
                    + " @BeforeEach/@AfterEach methods of a @VirtualTime test, not into "
                    + parameter.getDeclaringExecutable());
        }
        return clock;
    }

    /**
     * A deadlock is thrown in the test's blocking call, but code on its way out (an {@code unlock()} in a
     * finally block, an assertion) may replace it with a consequence. The report is the cause: it comes
     * first, with what the test threw attached. What the test threw is left alone when it already carries a
     * report (wrapped as a cause, or suppressed): the report is shown once.
     */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (!carriesAReport(thrown)) {
            Member member = Domains.current();
            VirtualTimeError failure = member == null ? null : member.domain().failure();
            if (failure != null) {
                failure.addSuppressed(thrown);
                throw failure;
            }
        }
        throw thrown;
    }

    private static boolean carriesAReport(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> toVisit = new ArrayDeque<>();
        toVisit.add(thrown);
        while (!toVisit.isEmpty()) {
            Throwable t = toVisit.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof VirtualTimeError) {
                return true;
            }
            if (t.getCause() != null) {
                toVisit.add(t.getCause());
            }
            toVisit.addAll(Arrays.asList(t.getSuppressed()));
        }
        return false;
    }

    /** The file name of the test's recording: its class's full name, its method and display name, made safe. */
    private static String fileName(ExtensionContext context) {
        String name = context.getRequiredTestClass().getName() + "#" + domainName(context).replaceFirst("^[^#]*#", "");
        return name.replaceAll("[^A-Za-z0-9#$._\\-]+", "_");
    }

    private static String domainName(ExtensionContext context) {
        String name = context.getRequiredTestClass().getSimpleName();
        Method method = context.getTestMethod().orElse(null);
        if (method == null) {
            return name;
        }
        String display = context.getDisplayName();
        String base = name + "#" + method.getName();
        return display.startsWith(method.getName()) ? base : base + " " + display;
    }
}
