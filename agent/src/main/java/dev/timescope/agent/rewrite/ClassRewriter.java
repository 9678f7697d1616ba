package dev.timescope.agent.rewrite;

import java.util.Set;
import java.util.function.Supplier;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;

/**
 * Class bytes in, rewritten bytes out (or null when nothing changes). The only entry point of the
 * rewriting rules; it never loads a class, so it is safe inside a {@code ClassFileTransformer}.
 */
public final class ClassRewriter {

    private ClassRewriter() {
    }

    /**
     * Rewrites the call sites of {@link HookRules}; null if the class has none.
     *
     * @param hierarchy resolves call sites that name a subclass of Thread, seen from the class's loader
     */
    public static byte[] rewriteCallSites(byte[] classFile, ThreadHierarchy hierarchy) {
        if (!ConstantPoolScanner.mayNeedRewriting(classFile)) {
            return null;
        }
        ClassReader reader = new ClassReader(classFile);
        Supplier<Set<String>> declared = new Supplier<>() {
            private Set<String> methods; // a second, code-skipping pass, only when a subclass call site needs it

            @Override
            public Set<String> get() {
                if (methods == null) {
                    methods = ThreadHierarchy.declaredThreadMembers(reader);
                }
                return methods;
            }
        };
        // Passing the reader lets the writer copy the constant pool; one-for-one call replacements keep
        // frames and stack sizes valid, so nothing is recomputed and no class is loaded.
        ClassWriter writer = new ClassWriter(reader, 0);
        CallSiteRewriter rewriter = new CallSiteRewriter(writer, hierarchy, declared);
        reader.accept(rewriter, 0);
        return rewriter.rewrites() == 0 ? null : writer.toByteArray();
    }

    /** Injects the thread life-cycle hooks into {@code java.lang.Thread} or {@code java.lang.VirtualThread}. */
    public static byte[] injectThreadLifecycle(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        ThreadLifecycleInjector injector = new ThreadLifecycleInjector(writer);
        reader.accept(injector, 0);
        return injector.injections() == 0 ? null : writer.toByteArray();
    }

    /** The cheap pre-check of {@link #rewriteCallSites}, for callers that decide whether to retransform. */
    public static boolean mayNeedRewriting(byte[] classFile) {
        return ConstantPoolScanner.mayNeedRewriting(classFile);
    }

    public static boolean isThreadClass(String internalName) {
        return ThreadLifecycleInjector.THREAD.equals(internalName)
                || ThreadLifecycleInjector.VIRTUAL_THREAD.equals(internalName);
    }
}
