package dev.timescope.agent.instrumentation;

import dev.timescope.agent.rewrite.ConstantPoolScanner;
import dev.timescope.agent.rewrite.RewritePlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry of instrumentation families. The transformer asks it what to do to each class; the installer
 * asks it which JDK classes to retransform and verifies each family against the running JDK.
 */
public final class Instrumentations {

    private final List<Instrumentation> families;
    private final ConstantPoolScanner applicationScanner;
    /** The families' JDK classes named whole, and the prefixes (ending in '/' or '$') that name several. */
    private final Set<String> jdkClasses = new HashSet<>();
    private final List<String> jdkPrefixes = new ArrayList<>();

    private Instrumentations(List<Instrumentation> families) {
        this.families = Collections.unmodifiableList(new ArrayList<>(families));
        for (Instrumentation f : this.families) {
            for (String c : f.jdkClasses()) {
                char last = c.charAt(c.length() - 1);
                if (last == '/' || last == '$') {
                    jdkPrefixes.add(c);
                } else {
                    jdkClasses.add(c);
                }
            }
        }
        RewritePlan any = new RewritePlan();
        for (Instrumentation f : this.families) {
            if (f.rewritesApplicationClasses()) {
                f.plan("an/application/Class", true, any);
            }
        }
        this.applicationScanner = ConstantPoolScanner.forPlan(any);
    }

    /** Every family timescope has, in the order their rewrites are applied. */
    public static Instrumentations all() {
        return new Instrumentations(List.of(new ThreadLifecycleInstrumentation(), new CallSitesInstrumentation(),
                new ExecutorsInstrumentation(), new ScheduledExecutorsInstrumentation(), new TimersInstrumentation(),
                new ObjectWaitInstrumentation(), new SpinningInstrumentation(), new ConditionsInstrumentation()));
    }

    /** These families only (tests, and the families left after verification). */
    public static Instrumentations of(List<Instrumentation> families) {
        return new Instrumentations(families);
    }

    public List<Instrumentation> families() {
        return families;
    }

    /**
     * Keeps the families whose hooks find what they need in the running JDK; each one left out is reported to
     * {@code warn} with why, and its classes keep real time.
     */
    public Instrumentations verified(java.util.function.Consumer<String> warn) {
        List<Instrumentation> ok = new ArrayList<>();
        for (Instrumentation f : families) {
            String problem;
            try {
                problem = f.verify();
            } catch (RuntimeException | LinkageError e) {
                problem = e.toString();
            }
            if (problem == null) {
                ok.add(f);
            } else {
                warn.accept("the " + f.name() + " instrumentation is off on this JDK (" + Runtime.version() + "): "
                        + problem + "; what it covers keeps real time");
            }
        }
        return ok.size() == families.size() ? this : new Instrumentations(ok);
    }

    /** Whether a JDK class is a target of any family (the class policy admits no other JDK class). */
    public boolean isJdkTarget(String className) {
        if (jdkClasses.contains(className)) {
            return true;
        }
        for (int i = 0; i < jdkPrefixes.size(); i++) { // no iterator: this runs for each JDK class loaded
            if (className.startsWith(jdkPrefixes.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** What the families do to a class; empty when nothing. */
    public RewritePlan planFor(String className, boolean application) {
        RewritePlan plan = new RewritePlan();
        for (Instrumentation f : families) {
            if (application ? f.rewritesApplicationClasses() : f.matchesJdkClass(className)) {
                f.plan(className, application, plan);
            }
        }
        return plan;
    }

    /**
     * Whether {@code plan}, made for a JDK class, can change {@code classFile}: a plan that injects code can; one of
     * call-site rules only can if the constant pool names what they replace (the same cheap check application
     * classes pass), so most of {@code java.util.concurrent} is never parsed.
     */
    public static boolean mayRewriteJdkClass(RewritePlan plan, byte[] classFile) {
        return !plan.isEmpty() && (plan.hasInjections() || ConstantPoolScanner.forPlan(plan).mayMatch(classFile));
    }

    /** What the check of application classes looks for, as a short text (see {@link ConstantPoolScanner#fingerprint}). */
    public String applicationCheckFingerprint() {
        return applicationScanner.fingerprint();
    }

    /** The cheap constant-pool check an application class must pass before it is parsed. */
    public boolean mayRewriteApplicationClass(byte[] classFile) {
        return applicationScanner.mayMatch(classFile);
    }
}
