package dev.timescope.agent.rewrite;

import net.bytebuddy.jar.asm.Opcodes;

/**
 * One substitution of a call site: a call instruction (and, for most rules, a method handle constant) that
 * matches is replaced by a call to a static {@link Hook} with exactly the same stack effect: an instance
 * method's receiver becomes the hook's first argument. So a rewrite never changes a frame or the maximum
 * stack size, and the verifier sees the same types.
 */
public final class CallSiteRule {

    /** How the call's owner must look. */
    public enum Owner {
        /** Exactly the named class. */
        EXACT,
        /**
         * The named class or a subclass that does not declare the method again: javac names the receiver's
         * static type ({@code worker.join()}, {@code MyThread.sleep(1)}), see {@link ClassHierarchy}.
         */
        CLASS_OR_SUBCLASS,
        /** Any owner: for the final methods of {@code Object} ({@code wait}, {@code notify}), which no class redeclares. */
        ANY
    }

    /** The kind of call. */
    public enum Kind {
        STATIC, VIRTUAL, INTERFACE,
        /** An instance method called through a class or an interface type ({@code Object.wait} on an interface). */
        INSTANCE
    }

    final String inMethod;
    final String inDescriptor;
    final Kind kind;
    final Owner ownerMatch;
    final String owner;
    final String name;
    final String descriptor;
    final Hook hook;
    final boolean handles;
    /** The hook also takes {@code this}, after the call's own operands (only in instance methods). */
    final boolean appendThis;

    private CallSiteRule(String inMethod, String inDescriptor, Kind kind, Owner ownerMatch, String owner, String name,
                         String descriptor, Hook hook, boolean handles, boolean appendThis) {
        this.inMethod = inMethod;
        this.inDescriptor = inDescriptor;
        this.kind = kind;
        this.ownerMatch = ownerMatch;
        this.owner = owner;
        this.name = name;
        this.descriptor = descriptor;
        this.hook = hook;
        this.handles = handles;
        this.appendThis = appendThis;
    }

    /** A rule for every method of the class: {@code owner} in internal form, or ignored for {@link Owner#ANY}. */
    public static CallSiteRule of(Kind kind, Owner ownerMatch, String owner, String name, String descriptor, Hook hook) {
        return new CallSiteRule(null, null, kind, ownerMatch, owner, name, descriptor, hook, true, false);
    }

    /** An exact-owner rule, the usual kind. */
    public static CallSiteRule of(Kind kind, String owner, String name, String descriptor, Hook hook) {
        return of(kind, Owner.EXACT, owner, name, descriptor, hook);
    }

    /** The same rule, only inside the method {@code name} (and {@code descriptor}, if not null) of the class. */
    public CallSiteRule inMethod(String method, String methodDescriptor) {
        return new CallSiteRule(method, methodDescriptor, kind, ownerMatch, owner, name, descriptor, hook, false,
                appendThis);
    }

    /** The same rule, its hook also given the calling instance ({@code this}), pushed after the call's operands. */
    public CallSiteRule appendingThis() {
        return new CallSiteRule(inMethod, inDescriptor, kind, ownerMatch, owner, name, descriptor, hook, false, true);
    }

    boolean appliesIn(String method, String methodDescriptor) {
        return inMethod == null
                || inMethod.equals(method) && (inDescriptor == null || inDescriptor.equals(methodDescriptor));
    }

    boolean isScoped() {
        return inMethod != null;
    }

    /** Whether a call instruction has this rule's kind. */
    boolean kindMatchesCall(int opcode, boolean isInterface) {
        switch (kind) {
            case STATIC:
                return opcode == Opcodes.INVOKESTATIC;
            case VIRTUAL:
                return (opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKESPECIAL) && !isInterface;
            case INTERFACE:
                return opcode == Opcodes.INVOKEINTERFACE;
            default:
                return opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE;
        }
    }

    /** Whether a method handle constant has this rule's kind. */
    boolean kindMatchesHandle(int tag) {
        switch (kind) {
            case STATIC:
                return tag == Opcodes.H_INVOKESTATIC;
            case VIRTUAL:
                return tag == Opcodes.H_INVOKEVIRTUAL || tag == Opcodes.H_INVOKESPECIAL;
            case INTERFACE:
                return tag == Opcodes.H_INVOKEINTERFACE;
            default:
                return tag == Opcodes.H_INVOKEVIRTUAL || tag == Opcodes.H_INVOKEINTERFACE;
        }
    }

    @Override
    public String toString() {
        return (inMethod == null ? "" : "in " + inMethod + ": ") + (ownerMatch == Owner.ANY ? "*" : owner) + "." + name
                + descriptor + " -> " + hook;
    }
}
