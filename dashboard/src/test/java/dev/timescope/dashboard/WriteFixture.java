package dev.timescope.dashboard;

import java.nio.file.Path;

/**
 * Writes one of the test recordings to a file, for the screenshot script and by hand:
 * {@code WriteFixture day|markup|large [TASKS] FILE.jfr}.
 */
public final class WriteFixture {

    private WriteFixture() {
    }

    public static void main(String[] args) throws Exception {
        SyntheticRecording recording = switch (args[0]) {
            case "day" -> Fixtures.day();
            case "markup" -> Fixtures.markup();
            case "large" -> Fixtures.large(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException("unknown fixture " + args[0] + "; valid: day, markup, large N");
        };
        Path file = Path.of(args[args.length - 1]);
        recording.write(file);
        System.out.println(file);
    }
}
