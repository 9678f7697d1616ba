package dev.timescope.agent.rewrite;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;

/**
 * Class bytes and a {@link RewritePlan} in, rewritten bytes out (or null when nothing changes). It never loads
 * a class, so it is safe inside a {@code ClassFileTransformer}.
 */
public final class ClassRewriter {

    private ClassRewriter() {
    }

    /**
     * Applies {@code plan}; null if it changed nothing.
     *
     * @param hierarchy resolves call sites that name a subclass, seen from the class's loader
     */
    public static byte[] rewrite(byte[] classFile, RewritePlan plan, ClassHierarchy hierarchy) {
        if (plan.isEmpty()) {
            return null;
        }
        if (plan.onlyClassWideCalls()) {
            byte[] inPlace = InPlaceRewriter.rewrite(classFile, plan.rules(), hierarchy);
            if (inPlace != InPlaceRewriter.NOT_HANDLED) {
                return inPlace;
            }
        }
        return rewriteWithAsm(classFile, plan, hierarchy);
    }

    /**
     * The same through ASM, which every plan and class file it can read allows ({@link #rewrite} uses it for what it
     * cannot edit in place).
     *
     * @param hierarchy resolves call sites that name a subclass, seen from the class's loader
     */
    public static byte[] rewriteWithAsm(byte[] classFile, RewritePlan plan, ClassHierarchy hierarchy) {
        if (plan.isEmpty()) {
            return null;
        }
        ClassReader reader = new ClassReader(classFile);
        // Passing the reader lets the writer copy the constant pool. Neither a one-for-one call replacement nor
        // a branch-free injection changes a frame, so nothing is recomputed and no class is loaded.
        ClassWriter writer = new ClassWriter(reader, 0);
        Changes changes = new Changes();
        ClassVisitor chain = writer;
        if (!plan.injections().isEmpty()) {
            chain = new MethodInjector(chain, plan.injections(), changes);
        }
        if (plan.hasCallSiteRules()) {
            CallSiteMatcher matcher = new CallSiteMatcher(plan.rules(), hierarchy, reader.getClassName(),
                    reader.getSuperName(), new DeclaredMethods(classFile));
            chain = new CallSiteRewriter(chain, matcher, changes, classFile);
        }
        reader.accept(chain, 0);
        return changes.count == 0 ? null : writer.toByteArray();
    }
}
