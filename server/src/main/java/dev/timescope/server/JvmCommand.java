package dev.timescope.server;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command line of a child JVM: this JVM's {@code java}, with the options a child should share with its parent.
 *
 * <p>Carried over: the class path and the module path; {@code -javaagent:} agents; {@code -D} system properties;
 * heap and stack sizes ({@code -Xms}, {@code -Xmx}, {@code -Xss}); {@code --add-opens}, {@code --add-exports},
 * {@code --add-reads}, {@code --add-modules}, {@code --enable-preview} and {@code --enable-native-access}. Not carried
 * over: native agents ({@code -agentlib}, {@code -agentpath}: a debugger would clash over its port) and {@code -XX}
 * options (a flight recording or a heap dump path would be shared by every child).
 */
final class JvmCommand {

    private static final List<String> PREFIXES = List.of("-javaagent:", "-D", "-Xms", "-Xmx", "-Xss",
            "--add-opens=", "--add-exports=", "--add-reads=", "--add-modules=", "--enable-native-access=");
    private static final Set<String> WITH_VALUE = Set.of("--add-opens", "--add-exports", "--add-reads",
            "--add-modules", "--enable-native-access");
    private static final Set<String> ALONE = Set.of("--enable-preview");

    private JvmCommand() {
    }

    /** {@code java [carried options] ChildMain mode args...}. */
    static List<String> of(List<String> childMainArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(carriedOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty()) {
            command.add("-cp");
            command.add(classPath);
        }
        String modulePath = System.getProperty("jdk.module.path", "");
        if (!modulePath.isEmpty()) {
            command.add("--module-path");
            command.add(modulePath);
            command.add("--add-modules=ALL-MODULE-PATH,jdk.unsupported");
        }
        Module self = ChildMain.class.getModule();
        if (self.isNamed()) {
            command.add("--module");  // this jar on the module path: its entry point is found there
            command.add(self.getName() + "/" + ChildMain.class.getName());
        } else {
            command.add(ChildMain.class.getName());
        }
        command.addAll(childMainArgs);
        return command;
    }

    static List<String> carriedOptions(List<String> inputArguments) {
        List<String> carried = new ArrayList<>();
        for (int i = 0; i < inputArguments.size(); i++) {
            String option = inputArguments.get(i);
            if (WITH_VALUE.contains(option) && i + 1 < inputArguments.size()) {
                carried.add(option);
                carried.add(inputArguments.get(++i));
            } else if (ALONE.contains(option) || PREFIXES.stream().anyMatch(option::startsWith)) {
                if (!option.startsWith("-Djava.class.path=") && !option.startsWith("-Djdk.module.path=")) {
                    carried.add(option);
                }
            }
        }
        return carried;
    }
}
