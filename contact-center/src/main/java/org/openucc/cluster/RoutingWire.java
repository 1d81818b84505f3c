package org.openucc.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openucc.json.ApiJson;
import org.openucc.routing.RoutingCommand;
import org.openucc.routing.RoutingEvent;
import org.openucc.routing.spi.ScoredCandidate;

/**
 * The wire format of the {@link org.openucc.routing.RoutingPort} between cluster nodes: every
 * {@link RoutingCommand}, its answer, every {@link RoutingEvent} and a failure as compact JSON bytes, and back.
 *
 * <p>A command or an event is its record's components plus {@code "type"}, the record's simple name
 * ({@code {"type":"Accept","interactionId":"i1","agentId":"ann"}}); null components are left out. An
 * answer is the bare value of the command's answer type ({@code R} of {@code RoutingCommand<R>}, read from
 * the record's declaration): {@code null} for {@code Void}, an {@code Optional} as its value or null. A
 * lazily formatted candidate detail in a routing decision is written as its text. Records only, no Java
 * class names, no stack traces. Bytes that are not what they claim to be fail with an
 * {@link IllegalArgumentException} naming what was wrong. Unknown fields are refused too: every node of a
 * cluster runs the same version.
 *
 * <p>Immutable and thread-safe: build one and share it.
 */
public final class RoutingWire {
    private final ObjectReader commandReader;
    private final ObjectWriter commandWriter;
    private final ObjectReader eventReader;
    private final ObjectWriter eventWriter;
    /** By command record: how its answer travels (filled once here, read only afterwards). */
    private final Map<Class<?>, AnswerShape> answers = new LinkedHashMap<>();
    private final FailureWire failures;

    public RoutingWire() {
        ObjectMapper m = ApiJson.mapper().copy()
                .addMixIn(RoutingCommand.class, TypedBySimpleName.class)
                .addMixIn(RoutingEvent.class, TypedBySimpleName.class)
                .addMixIn(ScoredCandidate.class, ScoredCandidateShape.class)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Map<String, Class<?>> commands = recordsOf(RoutingCommand.class);
        Map<String, Class<?>> events = recordsOf(RoutingEvent.class);
        commands.forEach((name, type) -> m.registerSubtypes(new NamedType(type, name)));
        events.forEach((name, type) -> m.registerSubtypes(new NamedType(type, name)));
        for (Class<?> c : commands.values()) {
            answers.put(c, AnswerShape.of(m, c, m.getTypeFactory().constructType(answerTypeOf(c))));
        }
        commandReader = m.readerFor(RoutingCommand.class);
        commandWriter = m.writerFor(RoutingCommand.class);
        eventReader = m.readerFor(RoutingEvent.class);
        eventWriter = m.writerFor(RoutingEvent.class);
        failures = new FailureWire(m);
    }

    // ------------------------------------------------------------------ commands

    public byte[] command(RoutingCommand<?> c) {
        Objects.requireNonNull(c, "command");
        return write(commandWriter, c, "routing command " + c.getClass().getSimpleName());
    }

    /** @throws IllegalArgumentException when the bytes are not one routing command this version knows */
    public RoutingCommand<?> command(byte[] b) {
        return read(commandReader, b, "routing command");
    }

    // ------------------------------------------------------------------ answers

    /**
     * @param answer what the command answered: of the command's answer type, or null
     * @throws IllegalArgumentException when the answer is not of the command's answer type
     */
    public byte[] answer(RoutingCommand<?> c, Object answer) {
        AnswerShape shape = answerShape(c);
        Object value = answer;
        if (shape.optional()) {
            if (!(answer instanceof Optional<?> o)) {
                throw shape.wrong(answer);
            }
            value = o.orElse(null);
        }
        if (value != null && (shape.none() || !shape.carried().getRawClass().isInstance(value))) {
            throw shape.wrong(value);
        }
        return write(shape.writer(), value, shape.what());
    }

    /**
     * Note: with a literal {@code null} Java picks this overload; pass {@code (Object) null} to encode a null answer.
     *
     * @throws IllegalArgumentException when the bytes are not an answer of the command's answer type
     */
    public Object answer(RoutingCommand<?> c, byte[] b) {
        AnswerShape shape = answerShape(c);
        Object value = readNullable(shape.reader(), b, shape.what());
        if (shape.none() && value instanceof JsonNode node && !node.isNull()) {
            throw new IllegalArgumentException(shape.what() + " must be null, not " + node.getNodeType());
        }
        return shape.optional() ? Optional.ofNullable(value) : shape.none() ? null : value;
    }

    // ------------------------------------------------------------------ events

    public byte[] event(RoutingEvent e) {
        Objects.requireNonNull(e, "event");
        return write(eventWriter, e, "routing event " + e.getClass().getSimpleName());
    }

    /** @throws IllegalArgumentException when the bytes are not one routing event this version knows */
    public RoutingEvent event(byte[] b) {
        return read(eventReader, b, "routing event");
    }

    // ------------------------------------------------------------------ failures

    /**
     * A command's failure: a {@code RoutingException} (with its kind), the {@code fault} exceptions (with
     * a retry hint where they have one), {@code IllegalStateException} and {@code IllegalArgumentException}
     * keep their type and message (a {@code CompletionException} is unwrapped first); anything else is
     * a {@code RoutingException} UNAVAILABLE with its message (see {@link FailureWire}).
     */
    public byte[] failure(Throwable t) {
        return failures.encode(t);
    }

    /** The failure to complete the sender's stage with. @throws IllegalArgumentException on malformed bytes */
    public RuntimeException failure(byte[] b) {
        return failures.decode(b);
    }

    // ------------------------------------------------------------------ internals

    private AnswerShape answerShape(RoutingCommand<?> c) {
        Objects.requireNonNull(c, "command");
        AnswerShape shape = answers.get(c.getClass());
        if (shape == null) {
            throw new IllegalArgumentException("no wire format for command " + c.getClass().getName());
        }
        return shape;
    }

    /**
     * How one command's answer travels: {@code declared} is R, {@code carried} what is on the wire (an
     * Optional's content; for Void any JSON, which must be null).
     */
    private record AnswerShape(String what, JavaType declared, JavaType carried, boolean optional, boolean none,
                               ObjectReader reader, ObjectWriter writer) {
        static AnswerShape of(ObjectMapper m, Class<?> command, JavaType declared) {
            boolean optional = declared.hasRawClass(Optional.class);
            boolean none = declared.hasRawClass(Void.class);
            JavaType carried = optional ? declared.containedTypeOrUnknown(0) : declared;
            return new AnswerShape("answer to " + command.getSimpleName(), declared, carried, optional, none,
                    m.readerFor(none ? m.constructType(JsonNode.class) : carried), m.writerFor(carried));
        }

        IllegalArgumentException wrong(Object answer) {
            return new IllegalArgumentException("the " + what + " must be of type "
                    + declared.toCanonical().replaceAll("[\\w.]+\\.", "") + ", not "
                    + (answer == null ? "null" : answer.getClass().getSimpleName()));
        }
    }

    private static byte[] write(ObjectWriter writer, Object value, String what) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the " + what + ": " + e.getOriginalMessage());
        }
    }

    /** One JSON object (Jackson alone would also take {@code ["Accept", {...}]}: one shape only on the wire). */
    static <T> T read(ObjectReader reader, byte[] b, String what) {
        int i = 0;
        while (b != null && i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        if (b != null && i < b.length && b[i] == '[') {
            throw new IllegalArgumentException("malformed " + what + ": expected a JSON object, found a list");
        }
        T value = readNullable(reader, b, what);
        if (value == null) {
            throw new IllegalArgumentException("the " + what + " is null");
        }
        return value;
    }

    static <T> T readNullable(ObjectReader reader, byte[] b, String what) {
        if (b == null || b.length == 0) {
            throw new IllegalArgumentException("the " + what + " is empty (no bytes)");
        }
        try {
            return reader.readValue(b);
        } catch (InvalidTypeIdException e) {
            throw new IllegalArgumentException(e.getTypeId() == null
                    ? "a " + what + " needs its \"type\""
                    : "unknown " + what + " type '" + e.getTypeId() + "'");
        } catch (StreamReadException e) {
            throw new IllegalArgumentException("malformed " + what + ": not JSON"
                    + (e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset()) + ": "
                    + e.getOriginalMessage());
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String problem = cause instanceof NullPointerException ? "missing " + cause.getMessage() : cause.getMessage();
            throw new IllegalArgumentException("invalid " + what + " " + e.getType().getRawClass().getSimpleName()
                    + ": " + problem);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("malformed " + what + where(e) + ": " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed " + what + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + ": " + e.getMessage());
        }
    }

    /** " at Accept.agentId", " at InteractionQueued", or "" when Jackson could not tell. */
    private static String where(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (sb.isEmpty() && r.getFrom() != null) {
                sb.append(r.getFrom() instanceof Class<?> c ? c.getSimpleName() : r.getFrom().getClass().getSimpleName());
            }
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "" : " at " + sb;
    }

    /** The records of a sealed hierarchy by simple name; a name used twice would make the wire ambiguous. */
    private static Map<String, Class<?>> recordsOf(Class<?> sealed) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        collect(sealed, byName);
        return byName;
    }

    private static void collect(Class<?> type, Map<String, Class<?>> into) {
        if (!type.isSealed()) {
            Class<?> clash = into.put(type.getSimpleName(), type);
            if (clash != null) {
                throw new IllegalStateException("two routing records are named " + type.getSimpleName()
                        + ": the wire names them by simple name; rename one");
            }
            return;
        }
        for (Class<?> sub : type.getPermittedSubclasses()) {
            collect(sub, into);
        }
    }

    /** R of the command's {@code implements RoutingCommand<R>}. */
    private static Type answerTypeOf(Class<?> command) {
        for (Type t : command.getGenericInterfaces()) {
            if (t instanceof ParameterizedType p && p.getRawType() == RoutingCommand.class) {
                return p.getActualTypeArguments()[0];
            }
        }
        throw new IllegalStateException(command.getName() + " does not name its answer type");
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    private abstract static class TypedBySimpleName {
    }

    /** A candidate as id, score and its detail text (formatted now if it was lazy). */
    private abstract static class ScoredCandidateShape {
        @JsonCreator
        ScoredCandidateShape(@JsonProperty("id") String id, @JsonProperty("score") double score,
                             @JsonProperty("detail") String detail) {
        }

        @JsonProperty("id")
        abstract String id();

        @JsonProperty("score")
        abstract double score();

        @JsonProperty("detail")
        abstract String detail();
    }
}
