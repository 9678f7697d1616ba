package dev.timescope.agent.rewrite;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a class's call sites by editing its class file where it lies, without ASM, for a plan of class-wide
 * call-site rules only (what every application class gets). Every call a rule replaces goes through one
 * {@code Methodref} pool entry; that entry is pointed at the hook (new entries are appended to the pool), and a
 * replaced instance call's {@code invokevirtual} or {@code invokespecial} becomes an {@code invokestatic}, an
 * instruction of the same length with the same stack effect. Nothing moves, so branch offsets, stack map frames,
 * exception tables and debug tables stay as they are. A method handle constant that names the entry follows it,
 * its kind made {@code REF_invokeStatic}.
 *
 * <p>Which call a rule replaces is decided by {@link CallSiteMatcher}, the same as for {@link CallSiteRewriter},
 * so both give a class the same meaning. What this cannot do by editing an entry it leaves to that rewriter
 * ({@link #NOT_HANDLED}): an entry whose call sites a rule replaces at some places and not at others, an
 * {@code invokeinterface} to replace (five bytes, where {@code invokestatic} takes three), a class file it cannot
 * read. Classes load while it runs, often in the interpreter, where the ASM path's full parse and re-encoding of a
 * class costs milliseconds and loading ASM itself more; this walks the code once.
 */
final class InPlaceRewriter {

    /** Returned when this rewriter cannot rewrite the class and {@link CallSiteRewriter} must. */
    static final byte[] NOT_HANDLED = new byte[0];

    private static final int INVOKEVIRTUAL = 182;
    private static final int INVOKESPECIAL = 183;
    private static final int INVOKESTATIC = 184;
    private static final int INVOKEINTERFACE = 185;
    private static final int REF_INVOKE_STATIC = 6;
    private static final int MAX_POOL_COUNT = 0xFFFF;

    private final ClassFileView view;
    private final CallSiteMatcher matcher;
    /** Per pool index of a method reference whose name a rule replaces: its owner, name and descriptor. */
    private final String[] owners;
    private final String[] names;
    private final String[] descriptors;
    /** Per pool index: whether a call or handle refers to it, and the rule every one of them gets (null: none). */
    private final boolean[] referred;
    private final CallSiteRule[] ruleOf;
    /** Offsets of the call instructions whose opcode becomes invokestatic. */
    private int[] calls = new int[8];
    private int callCount;
    /** Pool indexes of the method handles whose kind becomes REF_invokeStatic. */
    private int[] handles = new int[4];
    private int handleCount;

    private InPlaceRewriter(ClassFileView view, CallSiteMatcher matcher) {
        this.view = view;
        this.matcher = matcher;
        this.owners = new String[view.poolCount];
        this.names = new String[view.poolCount];
        this.descriptors = new String[view.poolCount];
        this.referred = new boolean[view.poolCount];
        this.ruleOf = new CallSiteRule[view.poolCount];
    }

    /**
     * The rewritten class file; null if no rule applies to it; {@link #NOT_HANDLED} if it must be rewritten by
     * {@link CallSiteRewriter}. {@code rules} must all be class-wide (see {@link RewritePlan#onlyClassWideCalls}).
     */
    static byte[] rewrite(byte[] classFile, List<CallSiteRule> rules, ClassHierarchy hierarchy) {
        try {
            ClassFileView view = ClassFileView.of(classFile);
            CallSiteMatcher matcher = new CallSiteMatcher(rules, hierarchy, view.thisName(), view.superName(),
                    new DeclaredMethods(classFile));
            return new InPlaceRewriter(view, matcher).rewrite();
        } catch (RuntimeException e) {
            return NOT_HANDLED; // a class file this does not understand: the full parser decides
        }
    }

    private byte[] rewrite() {
        if (!findCandidates()) {
            return null;
        }
        for (int m = 0; m < view.methodCount; m++) {
            if (view.codeStart(m) >= 0 && !matchCalls(m)) {
                return NOT_HANDLED;
            }
        }
        if (!matchHandles()) {
            return NOT_HANDLED;
        }
        boolean any = false;
        for (int i = 1; i < view.poolCount && !any; i++) {
            any = ruleOf[i] != null;
        }
        return any ? patched() : null;
    }

    /** Notes the method references whose name some rule replaces; false if there is none. */
    private boolean findCandidates() {
        Map<Integer, String> utf8s = new HashMap<>();
        boolean found = false;
        for (int i = 1; i < view.poolCount; i++) {
            int tag = view.tag(i);
            if (tag != ClassFileView.METHODREF && tag != ClassFileView.INTERFACE_METHODREF) {
                continue;
            }
            int nameAndType = view.at(view.u2(view.at(i) + 2));
            int nameIndex = view.u2(nameAndType);
            String name = utf8s.get(nameIndex);
            if (name == null) {
                name = view.utf8(nameIndex);
                utf8s.put(nameIndex, name);
            }
            if (matcher.names().contains(name)) {
                names[i] = name;
                owners[i] = view.className(view.u2(view.at(i)));
                descriptors[i] = view.utf8(view.u2(nameAndType + 2));
                found = true;
            }
        }
        return found;
    }

    /** Matches method {@code m}'s calls; false if one cannot be rewritten in place. */
    private boolean matchCalls(int m) {
        int code = view.codeStart(m);
        int length = view.codeLength(m);
        String methodName = null;
        String methodDescriptor = null;
        int pc = 0;
        while (pc < length) {
            int opcode = view.u1(code + pc);
            if (opcode >= INVOKEVIRTUAL && opcode <= INVOKEINTERFACE) {
                int index = view.u2(code + pc + 1);
                if (names[index] != null) {
                    if (methodName == null) {
                        methodName = view.methodName(m);
                        methodDescriptor = view.methodDescriptor(m);
                    }
                    boolean isStatic = (view.methodAccess(m) & 0x0008) != 0;
                    CallSiteRule rule = matcher.forCall(opcode, owners[index], names[index], descriptors[index],
                            view.tag(index) == ClassFileView.INTERFACE_METHODREF, methodName, methodDescriptor,
                            isStatic);
                    if (!agree(index, rule) || rule != null && opcode == INVOKEINTERFACE) {
                        return false;
                    }
                    if (rule != null && opcode != INVOKESTATIC) {
                        if (callCount == calls.length) {
                            calls = Arrays.copyOf(calls, callCount * 2);
                        }
                        calls[callCount++] = code + pc;
                    }
                }
            }
            int size = view.instructionLength(code, pc);
            if (size <= 0) {
                return false;
            }
            pc += size;
        }
        return true;
    }

    /** Matches the method handle constants; false if one cannot follow its entry. */
    private boolean matchHandles() {
        for (int i = 1; i < view.poolCount; i++) {
            if (view.tag(i) != ClassFileView.METHOD_HANDLE) {
                continue;
            }
            int kind = view.u1(view.at(i));
            int member = view.u2(view.at(i) + 1);
            if (names[member] == null) {
                continue;
            }
            CallSiteRule rule = matcher.forHandle(kind, owners[member], names[member], descriptors[member]);
            if (!agree(member, rule)) {
                return false;
            }
            if (rule != null && kind != REF_INVOKE_STATIC) {
                if (handleCount == handles.length) {
                    handles = Arrays.copyOf(handles, handleCount * 2);
                }
                handles[handleCount++] = i;
            }
        }
        return true;
    }

    /** Records that a reference to pool entry {@code index} gets {@code rule}; false if another got another. */
    private boolean agree(int index, CallSiteRule rule) {
        if (!referred[index]) {
            referred[index] = true;
            ruleOf[index] = rule;
            return true;
        }
        return ruleOf[index] == rule;
    }

    private byte[] patched() {
        Pool pool = new Pool(view.poolCount);
        int[] classOf = new int[view.poolCount];
        int[] nameAndTypeOf = new int[view.poolCount];
        for (int i = 1; i < view.poolCount; i++) {
            CallSiteRule rule = ruleOf[i];
            if (rule != null) {
                classOf[i] = pool.classEntry(rule.hook.owner);
                nameAndTypeOf[i] = pool.nameAndType(rule.hook.name, rule.hook.descriptor);
            }
        }
        if (pool.next > MAX_POOL_COUNT) {
            return NOT_HANDLED;
        }
        byte[] in = view.bytes;
        int added = pool.length;
        byte[] out = new byte[in.length + added];
        System.arraycopy(in, 0, out, 0, view.poolEnd);
        System.arraycopy(pool.bytes, 0, out, view.poolEnd, added);
        System.arraycopy(in, view.poolEnd, out, view.poolEnd + added, in.length - view.poolEnd);
        putShort(out, 8, pool.next);
        for (int i = 1; i < view.poolCount; i++) {
            if (ruleOf[i] != null) {
                int at = view.at(i);
                out[at - 1] = ClassFileView.METHODREF;
                putShort(out, at, classOf[i]);
                putShort(out, at + 2, nameAndTypeOf[i]);
            }
        }
        for (int c = 0; c < callCount; c++) {
            out[calls[c] + added] = (byte) INVOKESTATIC;
        }
        for (int h = 0; h < handleCount; h++) {
            out[view.at(handles[h])] = REF_INVOKE_STATIC;
        }
        return out;
    }

    private static void putShort(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 8);
        b[offset + 1] = (byte) value;
    }

    /** The entries appended to the pool: the hooks' classes, names and descriptors, each once. */
    private static final class Pool {
        byte[] bytes = new byte[128];
        int length;
        int next;
        private final Map<String, Integer> utf8s = new HashMap<>();
        private final Map<String, Integer> classes = new HashMap<>();
        private final Map<String, Integer> nameAndTypes = new HashMap<>();

        Pool(int firstIndex) {
            this.next = firstIndex;
        }

        int classEntry(String internalName) {
            Integer index = classes.get(internalName);
            if (index == null) {
                int name = utf8(internalName);
                index = add(ClassFileView.CLASS, name, -1);
                classes.put(internalName, index);
            }
            return index;
        }

        int nameAndType(String name, String descriptor) {
            String key = name + descriptor;
            Integer index = nameAndTypes.get(key);
            if (index == null) {
                int n = utf8(name);
                int d = utf8(descriptor);
                index = add(ClassFileView.NAME_AND_TYPE, n, d);
                nameAndTypes.put(key, index);
            }
            return index;
        }

        private int utf8(String s) {
            Integer index = utf8s.get(s);
            if (index == null) {
                byte[] ascii = ConstantPoolScanner.ascii(s);
                ensure(3 + ascii.length);
                bytes[length] = ClassFileView.UTF8;
                putShort(bytes, length + 1, ascii.length);
                System.arraycopy(ascii, 0, bytes, length + 3, ascii.length);
                length += 3 + ascii.length;
                index = next++;
                utf8s.put(s, index);
            }
            return index;
        }

        /** Appends an entry of one or two indexes ({@code second} -1 for one). */
        private int add(int tag, int first, int second) {
            ensure(5);
            bytes[length] = (byte) tag;
            putShort(bytes, length + 1, first);
            length += 3;
            if (second >= 0) {
                putShort(bytes, length, second);
                length += 2;
            }
            return next++;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }
}
