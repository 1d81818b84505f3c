package org.openucc.config.loader;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openucc.config.loader.SourceMap.Position;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a Jackson tree in one streaming pass, noting the line and column of every key
 * and value. Reports what only the text shows: syntax errors, duplicate keys (which YAML parsers
 * otherwise resolve silently, last one wins) and aliases (which Jackson does not resolve).
 */
final class YamlReader {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * @param root    null when the text could not be parsed at all
     * @param damaged pointers of values that were reported and left out (aliases, unsupported values)
     */
    record Result(JsonNode root, SourceMap sources, List<ConfigProblem> problems, Set<String> damaged) {
    }

    private final String file;
    private final SourceMap sources = new SourceMap();
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Set<String> damaged = new HashSet<>();
    private YAMLParser parser;

    private YamlReader(String file) {
        this.file = file;
    }

    static Result read(String file, String text) {
        return new YamlReader(file).read(text);
    }

    private Result read(String text) {
        try (YAMLParser p = YAML.createParser(text)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                problems.add(new ConfigProblem(file, 1, 1, "the file is empty"));
                return new Result(null, sources, problems, damaged);
            }
            JsonNode root = readValue(first, "");
            if (p.nextToken() != null) {
                Position at = position(p.currentTokenLocation());
                problem(at, "only one YAML document is expected; remove the second '---' and what follows");
            }
            return new Result(root, sources, problems, damaged);
        } catch (JsonProcessingException e) {
            problems.add(syntaxProblem(e));
            return new Result(null, sources, problems, damaged);
        } catch (IOException e) {
            // Reading from a String: only a bug in the parser gets here.
            throw new IllegalStateException("cannot parse YAML of " + file, e);
        }
    }

    private JsonNode readValue(JsonToken token, String pointer) throws IOException {
        Position at = position(parser.currentTokenLocation());
        sources.value(pointer, at);
        if (parser.isCurrentAlias()) {
            problem(at, "YAML aliases (*" + parser.getText() + ") are not supported; write the value out");
            damaged.add(pointer);
            return NODES.nullNode();
        }
        return switch (token) {
            case START_OBJECT -> readObject(pointer);
            case START_ARRAY -> readArray(pointer);
            case VALUE_STRING -> {
                sources.rawScalar(pointer, parser.getText());
                yield NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                sources.rawScalar(pointer, parser.getText());
                yield switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                sources.rawScalar(pointer, parser.getText());
                yield NODES.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                sources.rawScalar(pointer, parser.getText());
                yield NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> NODES.nullNode();
            default -> {
                problem(at, "unsupported YAML value (" + token + "); use plain text, numbers, lists and maps");
                damaged.add(pointer);
                parser.skipChildren();
                yield NODES.nullNode();
            }
        };
    }

    private ObjectNode readObject(String pointer) throws IOException {
        ObjectNode object = NODES.objectNode();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            Position keyAt = position(parser.currentTokenLocation());
            String child = JsonPointer.append(pointer, name);
            JsonToken valueToken = parser.nextToken();
            if (object.has(name)) {
                problem(keyAt, "duplicate key '" + name + "' (first written at line "
                        + sources.keyAt(child).line() + "); remove one of them");
                parser.skipChildren();
                continue;
            }
            sources.key(child, keyAt);
            object.set(name, readValue(valueToken, child));
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IllegalStateException("unexpected " + t + " in a YAML mapping of " + file);
        }
        return object;
    }

    private ArrayNode readArray(String pointer) throws IOException {
        ArrayNode array = NODES.arrayNode();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new IllegalStateException("YAML sequence of " + file + " not closed");
            }
            array.add(readValue(t, JsonPointer.append(pointer, array.size())));
        }
        return array;
    }

    private ConfigProblem syntaxProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
            return new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1,
                    "YAML syntax error: " + marked.getProblem() + context);
        }
        JsonLocation l = e.getLocation();
        return new ConfigProblem(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                "YAML syntax error: " + e.getOriginalMessage());
    }

    private void problem(Position at, String message) {
        problems.add(new ConfigProblem(file, at.line(), at.column(), message));
    }

    private static Position position(JsonLocation l) {
        return new Position(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }
}
