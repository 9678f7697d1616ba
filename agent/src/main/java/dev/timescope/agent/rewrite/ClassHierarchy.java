package dev.timescope.agent.rewrite;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Whether a call site that names a subclass of a JDK class ({@code worker.join()}, {@code MyThread.sleep(100)},
 * a {@code TimerTask} subclass's {@code scheduledExecutionTime()}) means that class's own method. javac names
 * the receiver's static type as the owner, so this walks the owner's superclasses, reading their class files:
 * no class is loaded while a class is being transformed.
 *
 * <p>A class file is looked for first where the class being transformed came from (its jar or directory), where
 * the receiver's class usually lies too: opening a jar the loader has open already shares its index, while asking
 * the loader for the resource takes its URL machinery, which an application may never load otherwise. Then it is
 * asked of the defining loader. A class found in the code source is taken to be the one the loader would find:
 * only a class path holding two different classes of one name could tell them apart.
 */
public final class ClassHierarchy {

    private static final int MAX_DEPTH = 32;
    /** The methods that call-site rules name through subclasses (see {@link CallSiteRule.Owner#CLASS_OR_SUBCLASS}). */
    static final Set<String> INHERITED_NAMES =
            Set.of("sleep", "join", "yield", "onSpinWait", "scheduledExecutionTime", "doExec");
    private static final Info UNKNOWN = new Info(null, Set.of());

    /** A class's superclass and the methods named in {@link #INHERITED_NAMES} it declares. */
    private static final class Info {
        final String superName;
        final Set<String> declared;

        Info(String superName, Set<String> declared) {
            this.superName = superName;
            this.declared = declared;
        }
    }

    private final ClassLoader loader;
    /** Where the class being transformed came from, or null if unknown. */
    private final ProtectionDomain domain;
    /** Looked up on first need: most classes rewritten never name a subclass. */
    private Map<String, Info> cache;

    private static final Map<ClassLoader, Map<String, Info>> CACHES = new WeakHashMap<>();
    private static final Map<String, Info> BOOT_CACHE = new ConcurrentHashMap<>();

    private ClassHierarchy(ClassLoader loader, ProtectionDomain domain) {
        this.loader = loader;
        this.domain = domain;
    }

    /** The hierarchy as seen from {@code loader} (null: the bootstrap loader). Costs nothing until used. */
    public static ClassHierarchy of(ClassLoader loader) {
        return new ClassHierarchy(loader, null);
    }

    /**
     * The hierarchy as seen from {@code loader}, for a class defined in {@code domain} (null if unknown), whose code
     * source is searched first. Costs nothing until used.
     */
    public static ClassHierarchy of(ClassLoader loader, ProtectionDomain domain) {
        return new ClassHierarchy(loader, domain);
    }

    private Map<String, Info> cache() {
        if (cache == null) {
            if (loader == null) {
                cache = BOOT_CACHE;
            } else {
                synchronized (CACHES) {
                    cache = CACHES.get(loader); // no lambda: each one costs a generated class at start-up
                    if (cache == null) {
                        cache = new ConcurrentHashMap<>();
                        CACHES.put(loader, cache);
                    }
                }
            }
        }
        return cache;
    }

    /**
     * True if {@code name+descriptor}, looked up from {@code owner}, resolves to {@code base}'s method: the
     * owner is {@code base} or a subclass, and no class between them declares the method again.
     * {@code selfName}, {@code selfSuper} and {@code selfDeclared} describe the class being transformed,
     * which may not be readable as a resource yet.
     */
    boolean resolvesTo(String base, String owner, String name, String descriptor, String selfName, String selfSuper,
                       Supplier<Set<String>> selfDeclared) {
        String member = name + descriptor;
        String current = owner;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (base.equals(current)) {
                return true;
            }
            if ("java/lang/Object".equals(current)) {
                return false;
            }
            Info info = current.equals(selfName) ? new Info(selfSuper, selfDeclared.get()) : info(current);
            if (info == UNKNOWN || info.declared.contains(member)) {
                return false;
            }
            current = info.superName;
        }
        return false;
    }

    private Info info(String internalName) {
        Map<String, Info> known = cache();
        Info info = known.get(internalName);
        if (info == null) {
            info = read(internalName);
            known.put(internalName, info);
        }
        return info;
    }

    private Info read(String internalName) {
        String resource = internalName + ".class";
        try {
            byte[] classFile = fromCodeSource(resource);
            if (classFile == null) {
                try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                        : loader.getResourceAsStream(resource)) {
                    if (in == null) {
                        return UNKNOWN;
                    }
                    classFile = in.readAllBytes();
                }
            }
            ClassFileView view = ClassFileView.of(classFile);
            return new Info(view.superName(), view.declaredMethods(INHERITED_NAMES));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN; // unknown hierarchy: leave the call as it is
        }
    }

    /**
     * The class file {@code resource} from the jar or directory of the class being transformed, or null to ask the
     * loader (not found there, or not readable). In a multi-release jar, the entry for the running JDK wins, as it
     * does for the loader.
     */
    private byte[] fromCodeSource(String resource) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            return null;
        }
        try {
            File file = new File(location.toURI());
            if (file.isDirectory()) {
                File classFile = new File(file, resource);
                if (!classFile.isFile()) {
                    return null;
                }
                try (InputStream in = new FileInputStream(classFile)) {
                    return in.readAllBytes();
                }
            }
            if (!file.isFile()) {
                return null;
            }
            try (ZipFile jar = new ZipFile(file)) {
                ZipEntry entry = null;
                if (jar.getEntry(VERSIONS) != null) {
                    for (int v = Runtime.version().feature(); v >= 9 && entry == null; v--) {
                        entry = jar.getEntry(VERSIONS + v + "/" + resource);
                    }
                }
                if (entry == null) {
                    entry = jar.getEntry(resource);
                }
                if (entry == null) {
                    return null;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    return in.readAllBytes();
                }
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return null;
        }
    }

    private static final String VERSIONS = "META-INF/versions/";

    /** The methods named in {@link #INHERITED_NAMES} a class declares, as name+descriptor. */
    static Set<String> declaredInheritedMembers(byte[] classFile) {
        return ClassFileView.of(classFile).declaredMethods(INHERITED_NAMES);
    }
}
