package org.openucc.ivr.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Numbers, money, dates and times as fragment names, in English and Mandarin. */
class SpeechTest {
    private final Speech en = Speech.of("en").orElseThrow();
    private final Speech zh = Speech.of("zh").orElseThrow();

    @Test
    void englishNumbers() {
        assertThat(words(en.number(0))).isEqualTo("0");
        assertThat(words(en.number(13))).isEqualTo("13");
        assertThat(words(en.number(40))).isEqualTo("40");
        assertThat(words(en.number(123))).isEqualTo("1 hundred 20 3");
        assertThat(words(en.number(2026))).isEqualTo("2 thousand 20 6");
        assertThat(words(en.number(1_005_017))).isEqualTo("1 million 5 thousand 17");
        assertThat(words(en.number(-7))).isEqualTo("minus 7");
    }

    @Test
    void mandarinNumbersWithTheirZerosAndTens() {
        assertThat(words(zh.number(12))).isEqualTo("ten 2");
        assertThat(words(zh.number(20))).isEqualTo("2 ten");
        assertThat(words(zh.number(105))).isEqualTo("1 hundred 0 5");
        assertThat(words(zh.number(110))).isEqualTo("1 hundred 1 ten");
        assertThat(words(zh.number(1005))).isEqualTo("1 thousand 0 5");
        assertThat(words(zh.number(10_050))).isEqualTo("1 wan 0 5 ten");
        assertThat(words(zh.number(100_000_005))).isEqualTo("1 yi 0 5");
        assertThat(words(zh.number(1_500_000_000))).isEqualTo("ten 5 yi");
    }

    @Test
    void money() {
        assertThat(words(en.amount(new BigDecimal("49.90"), "EUR"))).isEqualTo("40 9 euros and 90 cents");
        assertThat(words(en.amount(new BigDecimal("1.01"), "USD"))).isEqualTo("1 dollar and 1 cent");
        assertThat(words(en.amount(new BigDecimal("12"), "EUR"))).isEqualTo("12 euros");
        assertThat(words(zh.amount(new BigDecimal("49.905"), "EUR"))).isEqualTo("4 ten 9 euro 9 ten 1 euro-cent");
    }

    @Test
    void datesAndTimes() {
        assertThat(words(en.date(LocalDate.of(2026, 3, 2), false))).isEqualTo("month-3 ord-2");
        assertThat(words(en.date(LocalDate.of(2026, 12, 31), true))).isEqualTo("month-12 ord-31 2 thousand 20 6");
        assertThat(words(zh.date(LocalDate.of(2026, 3, 2), true))).isEqualTo("2 0 2 6 year 3 month 2 day");
        assertThat(words(en.time(LocalTime.of(14, 30)))).isEqualTo("2 30 pm");
        assertThat(words(en.time(LocalTime.of(8, 5)))).isEqualTo("8 oh 5 am");
        assertThat(words(en.time(LocalTime.of(0, 0)))).isEqualTo("12 oclock am");
        assertThat(words(zh.time(LocalTime.of(14, 30)))).isEqualTo("pm liang hour 3 ten minute");
        assertThat(words(zh.time(LocalTime.of(8, 0)))).isEqualTo("am 8 hour");
    }

    @Test
    void everyFragmentSaidIsOneTheLanguageDeclares() {
        for (Speech s : List.of(en, zh)) {
            for (long n : new long[] {0, 7, 11, 19, 21, 99, 100, 101, 999, 1000, 1234, 10_000, 99_999, 123_456_789}) {
                assertThat(s.fragments()).containsAll(s.number(n));
            }
            assertThat(s.fragments()).containsAll(s.digits("0123456789"));
            for (int d = 1; d <= 31; d++) {
                assertThat(s.fragments()).containsAll(s.date(LocalDate.of(2026, 1, d), true));
            }
            for (int h = 0; h < 24; h++) {
                assertThat(s.fragments()).containsAll(s.time(LocalTime.of(h, h * 2)));
            }
            assertThat(s.fragments()).containsAll(s.amount(new BigDecimal("-1.01"), "USD"));
        }
        assertThat(Speech.of("fr")).isEmpty();
        assertThat(Speech.of("en-GB")).isPresent();
    }

    private static String words(List<String> fragments) {
        return String.join(" ", fragments.stream().map(f -> f.substring("say/".length())).toList());
    }
}
