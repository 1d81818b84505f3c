package org.openucc.config;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The IVR: where its flows and prompts are, which languages the prompts exist in, and how it runs.
 *
 * @param flowsDir        one {@code <name>.yaml} file per flow; null: {@code ivr-scripts/flows} if it
 *                        exists, else the server runs without IVR flows (see {@link #flowsRequired()})
 * @param promptsDir      prompts as {@code <promptsDir>/<language>/<name>.wav}, 8 kHz mono; null:
 *                        {@code ivr-scripts/prompts}
 * @param languages       every prompt a flow names must exist in each of these (default en, zh);
 *                        a flow may narrow them with its own {@code languages:}
 * @param defaultLanguage the language a call starts in (default: the first of {@code languages})
 * @param holdMusic       the prompt a queue node plays when it names none (default {@code queue-music})
 * @param timeZone        for {@code hour()}, {@code time()} and {@code today()} without a calendar
 *                        (default UTC)
 * @param voicemailDir    where voicemail recordings go (default {@code <dataDir>/voicemail})
 * @param watch           reload the flows when a file in the flows or prompts directory changes
 *                        (default true); calls in progress keep the version they started with
 */
public record IvrConfig(
        String flowsDir,
        String promptsDir,
        List<String> languages,
        String defaultLanguage,
        String holdMusic,
        ZoneId timeZone,
        String voicemailDir,
        Boolean watch) {

    /**
     * Without an ivr section. Not named DEFAULTS on purpose: the loader would copy its computed values
     * into every unwritten key, and defaultLanguage must follow the languages written.
     */
    public static final IvrConfig BUILT_IN = new IvrConfig(null, null, null, null, null, null, null, null);

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");

    public IvrConfig {
        flowsDir = flowsDir == null || flowsDir.isBlank() ? null : flowsDir;
        promptsDir = promptsDir == null || promptsDir.isBlank() ? null : promptsDir;
        languages = languages == null || languages.isEmpty() ? List.of("en", "zh") : List.copyOf(languages);
        defaultLanguage = defaultLanguage == null || defaultLanguage.isBlank() ? languages.get(0) : defaultLanguage;
        holdMusic = holdMusic == null || holdMusic.isBlank() ? "queue-music" : holdMusic;
        timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
        watch = watch == null ? Boolean.TRUE : watch;
    }

    public static final String DEFAULT_FLOWS_DIR = "ivr-scripts/flows";
    public static final String DEFAULT_PROMPTS_DIR = "ivr-scripts/prompts";

    /** The flows directory to use. */
    public String flowsPath() {
        return flowsDir != null ? flowsDir : DEFAULT_FLOWS_DIR;
    }

    public String promptsPath() {
        return promptsDir != null ? promptsDir : DEFAULT_PROMPTS_DIR;
    }

    /**
     * Whether a missing flows directory is an error: yes when {@code flowsDir} is written in the
     * configuration; without it the server also runs from a directory that has no IVR flows.
     */
    public boolean flowsRequired() {
        return flowsDir != null;
    }

    /** The voicemail directory, under the server's data directory unless set explicitly. */
    public String voicemailDir(String dataDir) {
        return voicemailDir != null ? voicemailDir : dataDir + "/voicemail";
    }

    /** Rules beyond shape, as {@link ConfigViolation}s under {@code /ivr}. */
    public List<ConfigViolation> validate() {
        List<ConfigViolation> v = new ArrayList<>();
        for (int i = 0; i < languages.size(); i++) {
            if (!LANGUAGE.matcher(languages.get(i)).matches()) {
                v.add(ConfigViolation.at("/ivr/languages/" + i, "'" + languages.get(i) + "' is not a language code"
                        + " such as en or zh; prompts are looked up in <promptsDir>/<language>/"));
            }
        }
        if (!languages.contains(defaultLanguage)) {
            v.add(ConfigViolation.at("/ivr/defaultLanguage", "defaultLanguage '" + defaultLanguage
                    + "' is not one of the languages " + languages));
        }
        return List.copyOf(v);
    }
}
