package org.openucc.telephony.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.telephony.Prompt;
import org.openucc.telephony.PromptUnavailableException;
import org.openucc.telephony.Recording;
import org.openucc.telephony.RecordingHandle;

class PromptFilesTest {
    @TempDir
    Path dir;
    PromptFiles catalog;

    @BeforeEach
    void library() throws IOException {
        touch(dir.resolve("en/main-menu.wav"));
        touch(dir.resolve("en/say/7.wav"));
        touch(dir.resolve("zh/main-menu.wav"));
        catalog = new PromptFiles(dir, "en");
    }

    private static void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {'R', 'I', 'F', 'F'});
    }

    @Test
    void aNamedPromptIsTheFileOfItsLanguage() {
        assertThat(catalog.file(Prompt.named("main-menu", "zh"))).isEqualTo(dir.resolve("zh/main-menu.wav"));
        assertThat(catalog.file(Prompt.named("say/7", "en"))).isEqualTo(dir.resolve("en/say/7.wav"));
    }

    @Test
    void aPromptMissingInTheCallersLanguageIsPlayedInTheFallbackLanguage() {
        assertThat(catalog.file(Prompt.named("say/7", "zh"))).isEqualTo(dir.resolve("en/say/7.wav"));
    }

    @Test
    void aPromptMissingEverywhereFailsNamingThePromptAndWhereItWasLookedFor() {
        Prompt missing = Prompt.named("goodbye", "zh");
        assertThatThrownBy(() -> catalog.file(missing)).isInstanceOf(PromptUnavailableException.class)
                .hasMessageContaining("prompt 'goodbye' is missing in language 'zh' and in the fallback 'en'")
                .hasMessageContaining(dir.resolve("zh/goodbye.wav").toString())
                .hasMessageContaining(dir.resolve("en/goodbye.wav").toString())
                .satisfies(e -> assertThat(((PromptUnavailableException) e).prompt()).isEqualTo(missing));
        assertThatThrownBy(() -> new PromptFiles(dir, null).file(Prompt.named("say/7", "zh")))
                .isInstanceOf(PromptUnavailableException.class)
                .hasMessage("prompt 'say/7' is missing in language 'zh': " + dir.resolve("zh/say/7.wav") + " does not exist");
    }

    @Test
    void aNameCannotReachOutsideThePromptLibrary() throws IOException {
        touch(dir.resolve("secret.wav"));
        assertThatThrownBy(() -> catalog.file(Prompt.named("../secret", "en")))
                .isInstanceOf(PromptUnavailableException.class).hasMessageContaining("not a name inside the prompt library");
    }

    @Test
    void filesAndRecordingsArePlayedFromTheirLocation() throws IOException {
        Path greeting = dir.resolve("custom/greeting.wav");
        touch(greeting);
        assertThat(catalog.file(Prompt.file(greeting.toString()))).isEqualTo(greeting);
        RecordingFiles recordings = RecordingFiles.in(dir.resolve("vm"));
        RecordingHandle handle = new RecordingHandle("voice-1-2");
        Path recorded = recordings.voicemail(handle);
        assertThat(recorded).isEqualTo(dir.resolve("vm/voice-1-2.wav"));
        touch(recorded);
        assertThat(catalog.file(Prompt.recorded(new Recording(handle, recorded.toString(), 1200)))).isEqualTo(recorded);
        assertThatThrownBy(() -> catalog.file(Prompt.file(dir.resolve("nope.wav").toString())))
                .isInstanceOf(PromptUnavailableException.class).hasMessageContaining("nope.wav does not exist");
    }

    @Test
    void aRecordingHandleIsANameNotAPath() {
        assertThatThrownBy(() -> new RecordingHandle("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordingHandle("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordingHandle(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RecordingHandle("voice-7-1f2e3d-2").id()).isEqualTo("voice-7-1f2e3d-2");
    }
}
