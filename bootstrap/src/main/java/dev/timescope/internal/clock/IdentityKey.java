package dev.timescope.internal.clock;

/** A map key that compares by identity: tasks and monitors are looked up as the objects they are, never by equals. */
final class IdentityKey {

    private final Object ref;
    private final int hash;

    IdentityKey(Object ref) {
        this.ref = ref;
        this.hash = System.identityHashCode(ref);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentityKey && ((IdentityKey) o).ref == ref;
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
