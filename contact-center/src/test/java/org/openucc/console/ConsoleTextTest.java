package org.openucc.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console speaks English and Chinese: every text key the pages and modules use is in the English
 * dictionary, and the Chinese one has exactly the same keys, so no label falls back to a raw key.
 */
class ConsoleTextTest {
    private static final String[] PAGES = {"index.html", "agent.html", "supervisor.html", "campaigns.html"};
    private static final String[] MODULES = {"agent.js", "supervisor.js", "screenpop.js", "panels.js", "login.js",
        "chart.js", "socket.js", "workareas.js", "campaigns.js", "timeline.js"};
    private static final Pattern KEY = Pattern.compile("^\\s*'([a-zA-Z0-9_.-]+)':|,\\s*'([a-zA-Z0-9_.-]+)':", Pattern.MULTILINE);

    @Test
    void everyKeyUsedIsTranslatedIntoBothLanguages() throws IOException {
        String i18n = read("js/i18n.js");
        int en = i18n.indexOf("  en: {");
        int zh = i18n.indexOf("  zh: {");
        int end = i18n.indexOf("\n};", zh);
        assertThat(en).isPositive();
        Set<String> english = keys(i18n.substring(en, zh));
        Set<String> chinese = keys(i18n.substring(zh, end));
        assertThat(english).hasSizeGreaterThan(50);
        assertThat(chinese).isEqualTo(english);

        Set<String> used = new TreeSet<>();
        for (String page : PAGES) {
            collect(read(page), Pattern.compile("data-i18n(?:-placeholder|-title)?=\"([^\"]+)\""), used);
        }
        for (String module : MODULES) {
            collect(read("js/" + module), Pattern.compile("\\bt\\('([^'$`]+)'"), used);
        }
        assertThat(used).hasSizeGreaterThan(40);
        assertThat(english).containsAll(used);
    }

    /**
     * Every NOT_READY reason the server sets by itself has a label in both languages (the console shows
     * it instead of the raw code) and is one the console keeps out of its reason pickers.
     */
    @Test
    void everySystemReasonHasALabelInBothLanguagesAndIsNotOfferedInThePickers() throws IOException {
        String i18n = read("js/i18n.js");
        int zh = i18n.indexOf("  zh: {");
        Set<String> english = keys(i18n.substring(i18n.indexOf("  en: {"), zh));
        Set<String> chinese = keys(i18n.substring(zh, i18n.indexOf("\n};", zh)));
        Matcher picker = Pattern.compile("SYSTEM_REASONS = \\[([^\\]]*)\\]").matcher(i18n);
        assertThat(picker.find()).as("i18n.js exports SYSTEM_REASONS").isTrue();
        for (String code : org.openucc.routing.SystemReasons.ALL) {
            assertThat(english).as("English label of the system reason " + code).contains("reason." + code);
            assertThat(chinese).as("Chinese label of the system reason " + code).contains("reason." + code);
            assertThat(picker.group(1)).as("pickers leave out " + code).contains("'" + code + "'");
        }
    }

    private static Set<String> keys(String block) {
        Set<String> out = new TreeSet<>();
        Matcher m = KEY.matcher(block);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    private static void collect(String text, Pattern p, Set<String> into) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static String read(String name) throws IOException {
        try (InputStream in = ConsoleTextTest.class.getClassLoader()
                .getResourceAsStream(ConsolePages.WEB_ROOT + "/" + name)) {
            assertThat(in).as(name + " on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
