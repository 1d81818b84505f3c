package org.openucc.config.loader;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each value and key of a YAML file is written, by JSON pointer into the tree as written.
 * Checking may rename keys ({@code monday} becomes {@code MONDAY}) and drop bad list items; it records
 * those renames here so a pointer into the bound records still finds its line.
 */
final class SourceMap {
    /** 1-based line and column. */
    record Position(int line, int column) {
        static final Position START = new Position(1, 1);
    }

    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, Position> keys = new HashMap<>();
    private final Map<String, String> rawScalars = new HashMap<>();
    /** container pointer (as written) -> segment after checking -> segment as written. */
    private final Map<String, Map<String, String>> renames = new HashMap<>();

    void value(String pointer, Position at) {
        values.putIfAbsent(pointer, at);
    }

    void key(String pointer, Position at) {
        keys.putIfAbsent(pointer, at);
    }

    void rawScalar(String pointer, String text) {
        rawScalars.putIfAbsent(pointer, text);
    }

    /** The scalar exactly as written ({@code yes}, {@code 007}), before YAML typed it. */
    String rawScalar(String pointer) {
        return rawScalars.get(pointer);
    }

    void rename(String container, String checkedSegment, String writtenSegment) {
        if (!checkedSegment.equals(writtenSegment)) {
            renames.computeIfAbsent(container, c -> new HashMap<>()).put(checkedSegment, writtenSegment);
        }
    }

    /** Position of the value at a pointer as written, or of its nearest written ancestor. */
    Position valueAt(String writtenPointer) {
        String p = writtenPointer;
        while (true) {
            Position found = values.get(p);
            if (found == null) {
                found = keys.get(p);
            }
            if (found != null) {
                return found;
            }
            if (p.isEmpty()) {
                return Position.START;
            }
            p = JsonPointer.parent(p);
        }
    }

    /** Position of the key of a map entry as written, falling back to its value's position. */
    Position keyAt(String writtenPointer) {
        Position found = keys.get(writtenPointer);
        return found != null ? found : valueAt(writtenPointer);
    }

    /** Translates a pointer into the checked tree (and so the bound records) back to the file as written. */
    String written(String checkedPointer) {
        String written = "";
        for (String segment : JsonPointer.segments(checkedPointer)) {
            Map<String, String> r = renames.get(written);
            String original = r == null ? segment : r.getOrDefault(segment, segment);
            written = JsonPointer.append(written, original);
        }
        return written;
    }
}
