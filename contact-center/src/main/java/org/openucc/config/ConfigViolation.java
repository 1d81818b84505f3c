package org.openucc.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A rule the configuration breaks, at a JSON pointer into it ({@code /queues/2/skills/sales}).
 * The loader turns the pointer into file, line and column; a config built in code (tests, the admin
 * API) can show the pointer itself.
 *
 * @param atKey the problem is the key of a map entry (an undeclared skill name), not its value
 */
public record ConfigViolation(String path, boolean atKey, String message) {

    public static ConfigViolation at(String path, String message) {
        return new ConfigViolation(path, false, message);
    }

    public static ConfigViolation atKey(String path, String message) {
        return new ConfigViolation(path, true, message);
    }

    /** An RFC 6901 pointer from keys and list indexes: {@code path("queues", 2, "skills", "sales")}. */
    public static String path(Object... segments) {
        return Arrays.stream(segments)
                .map(s -> "/" + String.valueOf(s).replace("~", "~0").replace("/", "~1"))
                .collect(Collectors.joining());
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "/" : path) + ": " + message;
    }
}
