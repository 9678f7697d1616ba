package dev.timescope.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The main context's value as JSON, and the child-to-parent reports: Jackson, one mapper. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /**
     * The main context's value as one line of JSON.
     *
     * @throws IllegalArgumentException naming the value's class and what Jackson said
     */
    static String writeMainValue(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("the main context's value, a " + value.getClass().getName()
                    + ", cannot be written as JSON, which is how it reaches the workers: "
                    + originalMessage(e) + "; give it public getters or fields, or return a record", e);
        }
    }

    static <T> T readMainValue(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("the main context's value cannot be read as a " + type.getName()
                    + ": " + e.getMessage(), e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String originalMessage(Exception e) {
        return e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage()
                : String.valueOf(e.getMessage());
    }
}
