package org.openucc.config.loader;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A YAML file read into a Jackson tree with the line and column of every key and value, for other
 * file formats that report problems the way the configuration does (the IVR flows). Syntax errors,
 * duplicate keys and aliases are already in {@link #problems()}.
 */
public final class YamlDocument {
    /** 1-based line and column. */
    public record Position(int line, int column) {
    }

    private final String file;
    private final String[] lines;
    private final YamlReader.Result read;

    private YamlDocument(String file, String text, YamlReader.Result read) {
        this.file = file;
        this.lines = text.split("\r?\n", -1);
        this.read = read;
    }

    public static YamlDocument parse(String file, String text) {
        return new YamlDocument(file, text, YamlReader.read(file, text));
    }

    public String file() {
        return file;
    }

    /** The tree, or null if the text is not YAML at all (then {@link #problems()} says why). */
    public JsonNode root() {
        return read.root();
    }

    public List<ConfigProblem> problems() {
        return read.problems();
    }

    /** Pointers of values that were reported and left out (aliases, unsupported values). */
    public Set<String> damaged() {
        return read.damaged();
    }

    /** Where the value at a JSON pointer is written (or its nearest written ancestor). */
    public Position valueAt(String pointer) {
        SourceMap.Position p = read.sources().valueAt(pointer);
        return new Position(p.line(), p.column());
    }

    /** Where the key of a map entry is written, falling back to its value. */
    public Position keyAt(String pointer) {
        SourceMap.Position p = read.sources().keyAt(pointer);
        return new Position(p.line(), p.column());
    }

    /**
     * Where the text of a scalar starts: after its opening quote if it is quoted, so that an offset
     * into the string (an expression's error) lands on the right column.
     */
    public Position contentAt(String pointer) {
        Position at = valueAt(pointer);
        if (at.line() - 1 < lines.length) {
            String line = lines[at.line() - 1];
            int i = at.column() - 1;
            if (i < line.length() && (line.charAt(i) == '"' || line.charAt(i) == '\'')) {
                return new Position(at.line(), at.column() + 1);
            }
        }
        return at;
    }

    public ConfigProblem problem(Position at, String message) {
        return new ConfigProblem(file, at.line(), at.column(), message);
    }

    /** RFC 6901: the pointer of a child entry. */
    public static String pointer(String parent, String key) {
        return JsonPointer.append(parent, key);
    }

    public static String pointer(String parent, int index) {
        return JsonPointer.append(parent, index);
    }

    /** "Did you mean …?": the closest candidate within a small edit distance, or null. */
    public static String closest(String written, Collection<String> candidates) {
        return Suggestions.closest(written, candidates);
    }
}
