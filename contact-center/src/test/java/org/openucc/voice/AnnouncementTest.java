package org.openucc.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openucc.telephony.Prompt;
import org.openucc.telephony.media.WavAudio;

class AnnouncementTest {
    static Path prompts(String lang) {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("ivr-scripts/prompts"))) {
            dir = dir.getParent();
        }
        return dir.resolve("ivr-scripts/prompts").resolve(lang);
    }

    /** The configured files are played through the catalog's file escape hatch. */
    static Path file(Prompt p) {
        return Path.of(((Prompt.File) p).location());
    }

    @Test
    void positionAndWaitAreSpokenFromFragmentsThatExistAndDecodeInEveryLanguage() throws Exception {
        for (String lang : List.of("en", "zh")) {
            Path dir = prompts(lang);
            List<Path> parts = Announcement.positionAndWait(dir, 12, 150_000).stream().map(AnnouncementTest::file).toList();
            assertThat(parts).extracting(p -> p.getFileName().toString()).containsExactly("you-are-number.wav", "1.wav",
                    "2.wav", "in-the-queue.wav", "estimated-wait.wav", "3.wav", "minutes.wav");
            for (Path p : parts) {
                assertThat(WavAudio.read(p)).as("%s", p).hasSizeGreaterThan(1000);
            }
            for (String other : List.of("greeting.wav", "hold-music.wav", "beep.wav", "less-than-a-minute.wav",
                    "voicemail.wav", "goodbye.wav")) {
                assertThat(WavAudio.read(dir.resolve(other))).as("%s/%s", lang, other).isNotEmpty();
            }
        }
    }

    @Test
    void aShortWaitIsLessThanAMinuteAndNoPositionMeansNoPositionPart() {
        Path dir = prompts("en");
        assertThat(Announcement.positionAndWait(dir, 0, 20_000)).extracting(p -> file(p).getFileName().toString())
                .containsExactly("estimated-wait.wav", "less-than-a-minute.wav");
        assertThat(Announcement.positionAndWait(dir, 0, 0)).isEmpty();
    }
}
