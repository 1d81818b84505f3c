package org.openucc.telephony.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openucc.telephony.Prompt;
import org.openucc.telephony.PromptUnavailableException;

/**
 * The built-in stack's prompt catalog: a named prompt is the file {@code <dir>/<language>/<name>.wav}
 * (the layout of {@code ivr-scripts/prompts}), else the same name in the fallback language; a
 * recording or a {@link Prompt.File} is the file at its location.
 */
public final class PromptFiles {
    private final Path dir;
    private final String fallbackLanguage;

    /**
     * @param dir              the prompt library, {@code <dir>/<language>/<name>.wav}
     * @param fallbackLanguage tried when a prompt is missing in the asked language (null: none)
     */
    public PromptFiles(Path dir, String fallbackLanguage) {
        this.dir = dir.toAbsolutePath().normalize();
        this.fallbackLanguage = fallbackLanguage;
    }

    public Path dir() {
        return dir;
    }

    /** The file to play; fails with {@link PromptUnavailableException} naming the prompt if there is none. */
    public Path file(Prompt prompt) {
        if (prompt instanceof Prompt.Named n) {
            return named(n);
        }
        if (prompt instanceof Prompt.Recorded r) {
            return existing(prompt, Path.of(r.location()), "recording " + r.recording());
        }
        Prompt.File f = (Prompt.File) prompt;
        return existing(prompt, Path.of(f.location()), "prompt file");
    }

    public List<Path> files(List<Prompt> prompts) {
        List<Path> out = new ArrayList<>(prompts.size());
        prompts.forEach(p -> out.add(file(p)));
        return out;
    }

    private Path named(Prompt.Named n) {
        Path own = inLanguage(n, n.language());
        if (Files.isRegularFile(own)) {
            return own;
        }
        if (fallbackLanguage != null && !fallbackLanguage.equals(n.language())) {
            Path fallback = inLanguage(n, fallbackLanguage);
            if (Files.isRegularFile(fallback)) {
                return fallback;
            }
            throw new PromptUnavailableException(n, "prompt '" + n.name() + "' is missing in language '" + n.language()
                    + "' and in the fallback '" + fallbackLanguage + "': neither " + own + " nor " + fallback + " exists");
        }
        throw new PromptUnavailableException(n, "prompt '" + n.name() + "' is missing in language '" + n.language()
                + "': " + own + " does not exist");
    }

    private Path inLanguage(Prompt.Named n, String language) {
        Path languageDir = dir.resolve(language).normalize();
        Path file = languageDir.resolve(n.name() + ".wav").normalize();
        if (!languageDir.getParent().equals(dir) || !file.startsWith(languageDir)) {
            throw new PromptUnavailableException(n, "prompt '" + n.name() + "' in language '" + language
                    + "' is not a name inside the prompt library " + languageDir);
        }
        return file;
    }

    private static Path existing(Prompt prompt, Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new PromptUnavailableException(prompt, what + " " + file.toAbsolutePath() + " does not exist");
        }
        return file;
    }
}
