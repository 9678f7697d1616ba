package dev.timescope.agent.rewrite;

import java.util.Set;
import java.util.function.Supplier;

/**
 * The methods a class declares of the names rules reach through subclasses ({@link ClassHierarchy#INHERITED_NAMES}),
 * read from its class file only when a call site names a subclass and so needs them. No lambda: each one costs a
 * generated class at start-up.
 */
final class DeclaredMethods implements Supplier<Set<String>> {

    private final byte[] classFile;
    private Set<String> methods;

    DeclaredMethods(byte[] classFile) {
        this.classFile = classFile;
    }

    @Override
    public Set<String> get() {
        if (methods == null) {
            methods = ClassHierarchy.declaredInheritedMembers(classFile);
        }
        return methods;
    }
}
