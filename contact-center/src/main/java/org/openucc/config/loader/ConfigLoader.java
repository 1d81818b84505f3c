package org.openucc.config.loader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.openucc.config.ConfigValidator;
import org.openucc.config.ConfigViolation;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.ServerConfig;
import org.openucc.config.loader.SourceMap.Position;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code contact-center.yaml} into a {@link ContactCenterConfig} and validates it, reporting
 * every problem at once as {@code file:line:column: message}.
 *
 * <p>Three passes, each reporting what it can see: the YAML text (syntax, duplicate keys), the shape
 * of the records (unknown keys, wrong types, bad durations), then the rules across the whole config
 * ({@link ConfigValidator}: undeclared skills, duplicate ids, ranges). Pointers link them to lines.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private final ConfigValidator validator;
    private final ConfigBinding binding = new ConfigBinding();

    /** A loader that accepts the built-in routing strategies. */
    public ConfigLoader() {
        this(new ConfigValidator());
    }

    /** @param validator the rules to apply, e.g. with plugged-in routing strategies allowed */
    public ConfigLoader(ConfigValidator validator) {
        this.validator = validator;
    }

    /** Loads the file the launch options name and applies their environment overrides. */
    public ContactCenterConfig load(LaunchOptions options) throws ConfigException {
        return read(options.configFile(), options::applyTo);
    }

    public ContactCenterConfig load(Path file) throws ConfigException {
        return read(file, UnaryOperator.identity());
    }

    /** Parses YAML text; {@code fileName} is only used in problem reports. */
    public ContactCenterConfig parse(String fileName, String yaml) throws ConfigException {
        return parse(fileName, yaml, UnaryOperator.identity());
    }

    private ContactCenterConfig read(Path file, UnaryOperator<ServerConfig> overrides) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), 0, 0, "no such file (working directory "
                    + Path.of("").toAbsolutePath() + "); give the file with --config or OPENUCC_CONFIG"));
        } catch (MalformedInputException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), 0, 0, "is not UTF-8 text"));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), 0, 0, "cannot read: " + e));
        }
        ContactCenterConfig config = parse(file.toString(), text, overrides);
        LOG.info("Loaded {}: {} skills, {} queues, {} agents", file, config.skills().size(),
                config.queues().size(), config.agents().size());
        return config;
    }

    private ContactCenterConfig parse(String file, String yaml, UnaryOperator<ServerConfig> overrides)
            throws ConfigException {
        YamlReader.Result read = YamlReader.read(file, yaml);
        List<ConfigProblem> problems = new ArrayList<>(read.problems());
        if (read.root() == null) {
            throw new ConfigException(problems);
        }
        SourceMap sources = read.sources();
        ShapeCheck.Result shape = ShapeCheck.check(read.root(), ContactCenterConfig.class, file, sources);
        problems.addAll(shape.problems());
        if (shape.tree() == null) {
            throw new ConfigException(problems);
        }
        ContactCenterConfig config;
        try {
            config = bind(shape.tree());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // The shape check should have caught this; report it rather than hide it behind a stack trace.
            problems.add(bindingProblem(file, sources, e));
            throw new ConfigException(problems);
        }
        config = config.withServer(overrides.apply(config.server()));
        Set<String> damaged = new HashSet<>(read.damaged());
        damaged.addAll(shape.damaged());
        for (ConfigViolation v : validator.validate(config)) {
            String written = sources.written(v.path());
            if (isWithin(written, damaged)) {
                continue; // already reported as a shape problem; saying it again would only confuse
            }
            Position at = v.atKey() ? sources.keyAt(written) : sources.valueAt(written);
            problems.add(new ConfigProblem(file, at.line(), at.column(), v.message()));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** True if the pointer, or a value it is part of, was already reported and left out. */
    private static boolean isWithin(String pointer, Set<String> damaged) {
        for (String p = pointer; ; p = JsonPointer.parent(p)) {
            if (damaged.contains(p)) {
                return true;
            }
            if (p.isEmpty()) {
                return false;
            }
        }
    }

    private ContactCenterConfig bind(JsonNode tree) throws JsonProcessingException {
        return binding.bind(tree, ContactCenterConfig.class);
    }

    private static ConfigProblem bindingProblem(String file, SourceMap sources, Exception e) {
        String pointer = "";
        String message = e.getMessage();
        if (e instanceof JsonMappingException d) {
            StringBuilder sb = new StringBuilder();
            for (JsonMappingException.Reference r : d.getPath()) {
                sb.append(r.getFieldName() != null
                        ? JsonPointer.append("", r.getFieldName())
                        : JsonPointer.append("", r.getIndex()));
            }
            pointer = sources.written(sb.toString());
            message = d.getOriginalMessage();
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null) {
            message = root.getMessage();
        }
        Position at = sources.valueAt(pointer);
        String where = pointer.isEmpty() ? "" : ShapeCheck.display(pointer) + ": ";
        return new ConfigProblem(file, at.line(), at.column(), where + "invalid value: " + message);
    }
}
