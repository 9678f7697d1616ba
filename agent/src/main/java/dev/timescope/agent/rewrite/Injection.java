package dev.timescope.agent.rewrite;

import java.util.Arrays;

/**
 * A call to a static {@link Hook} put into a method's body: at its entry, or before each of its returns.
 * It passes {@code this} and chosen parameters and, at an exit, the value being returned (first); it adds no
 * branch, so no stack map frame changes, and the hook returns nothing, so the method's own values are intact.
 */
public final class Injection {

    enum At { ENTRY, EXIT }

    final At at;
    final String method;
    /** Null: every overload. */
    final String descriptor;
    final boolean passThis;
    final int[] parameters;
    final boolean passResult;
    final Hook hook;

    private Injection(At at, String method, String descriptor, boolean passThis, int[] parameters, boolean passResult,
                      Hook hook) {
        this.at = at;
        this.method = method;
        this.descriptor = descriptor;
        this.passThis = passThis;
        this.parameters = parameters;
        this.passResult = passResult;
        this.hook = hook;
    }

    /** At the entry of the instance method {@code method}: the hook gets {@code this}, then the parameters named. */
    public static Injection atEntry(String method, String descriptor, Hook hook, int... parameters) {
        return new Injection(At.ENTRY, method, descriptor, true, parameters, false, hook);
    }

    /** At the entry of a static method: the hook gets the parameters named. */
    public static Injection atStaticEntry(String method, String descriptor, Hook hook, int... parameters) {
        return new Injection(At.ENTRY, method, descriptor, false, parameters, false, hook);
    }

    /**
     * Before each return of the instance method {@code method}; constructors included, where {@code this} is
     * initialized only then. With {@code passResult}, the value returned comes first.
     */
    public static Injection atExit(String method, String descriptor, boolean passResult, Hook hook, int... parameters) {
        return new Injection(At.EXIT, method, descriptor, true, parameters, passResult, hook);
    }

    boolean appliesTo(String name, String desc, boolean isStatic) {
        return method.equals(name) && (descriptor == null || descriptor.equals(desc)) && passThis != isStatic;
    }

    @Override
    public String toString() {
        return at.name().toLowerCase() + " of " + method + (descriptor == null ? "" : descriptor) + " -> " + hook
                + " " + Arrays.toString(parameters);
    }
}
