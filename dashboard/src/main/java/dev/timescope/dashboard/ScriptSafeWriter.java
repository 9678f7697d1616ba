package dev.timescope.dashboard;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes JSON so that it can sit inside an HTML {@code <script>} element: {@code <}, {@code >}, {@code &} and the
 * line separators U+2028 and U+2029 become {@code \\uXXXX} escapes. In JSON those characters can only occur inside
 * strings, where the escape means the same character; so {@code </script>} or {@code <!--} in a task's name cannot
 * end the element, and the text parses to exactly the same value.
 */
final class ScriptSafeWriter extends FilterWriter {

    ScriptSafeWriter(Writer out) {
        super(out);
    }

    @Override
    public void write(int c) throws IOException {
        switch (c) {
            case '<', '>', '&', '\u2028', '\u2029' -> out.write(String.format("\\u%04x", c));
            default -> out.write(c);
        }
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = buffer[i];
            if (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                out.write(buffer, start, i - start);
                write(c);
                start = i + 1;
            }
        }
        out.write(buffer, start, end - start);
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = text.charAt(i);
            if (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                out.write(text, start, i - start);
                write(c);
                start = i + 1;
            }
        }
        out.write(text, start, end - start);
    }
}
