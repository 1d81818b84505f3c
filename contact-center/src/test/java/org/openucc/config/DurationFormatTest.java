package org.openucc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationFormatTest {

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "30s, PT30S",
            "2m, PT2M",
            "4h, PT4H",
            "1d, PT24H",
            "20, PT20S",
            "0, PT0S",
            "1h30m, PT1H30M",
            "'1h 30m', PT1H30M",
            "90S, PT1M30S",
            "PT20S, PT20S",
            "pt1m, PT1M",
            "-5s, PT-5S",
    })
    void readsOperatorFriendlyDurations(String text, String iso) {
        assertThat(DurationFormat.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "10 parsecs", "1.5s", "s", "3w", "1h-30m", "99999999999999999999d"})
    void rejectsTextThatIsNotADuration(String text) {
        assertThatThrownBy(() -> DurationFormat.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0s", "PT0.5S, 500ms", "PT1M30S, 1m30s", "PT26H, 1d2h", "PT-20S, -20s"})
    void formatsTheShortestReadableForm(String iso, String text) {
        assertThat(DurationFormat.format(Duration.parse(iso))).isEqualTo(text);
    }

    @Property
    void formatReadsBackToTheSameDuration(@ForAll @LongRange(min = -10_000_000_000L, max = 10_000_000_000L) long millis) {
        Duration d = Duration.ofMillis(millis);
        assertThat(DurationFormat.parse(DurationFormat.format(d))).isEqualTo(d);
    }
}
