package dev.timescope.agent.rewrite;

/** A static method of the bootstrap part that rewritten code calls: owner, name and descriptor, internal form. */
public final class Hook {

    final String owner;
    final String name;
    final String descriptor;

    private Hook(String owner, String name, String descriptor) {
        this.owner = owner;
        this.name = name;
        this.descriptor = descriptor;
    }

    /** {@code owner} is a binary name ({@code dev.timescope.internal.hooks.TimeHooks}). */
    public static Hook of(String owner, String name, String descriptor) {
        return new Hook(owner.replace('.', '/'), name, descriptor);
    }

    @Override
    public String toString() {
        return owner.replace('/', '.') + "." + name + descriptor;
    }
}
