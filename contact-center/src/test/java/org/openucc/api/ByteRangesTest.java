package org.openucc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a Range header asks of a 1000-byte file (RFC 9110 §14), the cases the HTTP test does not reach. */
class ByteRangesTest {
    private static final long SIZE = 1000;
    private static final String ETAG = "\"rec-1-1000-0\"";
    private static final Instant MODIFIED = Instant.parse("2026-12-06T10:00:00Z");

    private static ByteRanges.Answer answer(String range) {
        return ByteRanges.answer(range, null, SIZE, ETAG, MODIFIED);
    }

    @Test
    void oneRangeIsAPartClippedToTheFile() {
        assertThat(answer("bytes=0-99")).isEqualTo(new ByteRanges.Part(0, 99, SIZE));
        assertThat(answer("bytes=990-5000")).isEqualTo(new ByteRanges.Part(990, 999, SIZE));
        assertThat(answer("bytes=-2000")).isEqualTo(new ByteRanges.Part(0, 999, SIZE));
        assertThat(answer(" Bytes = 999- ")).isEqualTo(new ByteRanges.Part(999, 999, SIZE));
        assertThat(((ByteRanges.Part) answer("bytes=10-19")).contentRange()).isEqualTo("bytes 10-19/1000");
    }

    @Test
    void noRangeSeveralRangesAnotherUnitOrAStaleValidatorGetTheWholeFile() {
        assertThat(answer(null)).isInstanceOf(ByteRanges.Whole.class);
        assertThat(answer("bytes=0-9,20-29")).isInstanceOf(ByteRanges.Whole.class);
        assertThat(answer("items=0-9")).isInstanceOf(ByteRanges.Whole.class);
        assertThat(ByteRanges.answer("bytes=5-9", "\"other\"", SIZE, ETAG, MODIFIED)).isInstanceOf(ByteRanges.Whole.class);
        assertThat(ByteRanges.answer("bytes=5-9", ETAG, SIZE, ETAG, MODIFIED)).isEqualTo(new ByteRanges.Part(5, 9, SIZE));
        assertThat(ByteRanges.answer("bytes=5-9", "Sun, 06 Dec 2026 10:00:00 GMT", SIZE, ETAG, MODIFIED))
                .isEqualTo(new ByteRanges.Part(5, 9, SIZE));
    }

    @Test
    void rangesOutsideTheFileOrNotRangesAreUnsatisfiableWithAReason() {
        assertThat(reason("bytes=1000-")).contains("has 1000 bytes");
        assertThat(reason("bytes=-0")).contains("asks for no bytes");
        assertThat(reason("bytes=9-3")).contains("ends before it starts");
        assertThat(reason("bytes=abc")).contains("is not a byte range");
        assertThat(reason("bytes=-")).contains("is not a byte range");
        assertThat(reason("bytes=99999999999999999999-")).contains("larger than any file");
        assertThat(ByteRanges.answer("bytes=-5", null, 0, ETAG, MODIFIED)).isInstanceOf(ByteRanges.Unsatisfiable.class);
    }

    private static String reason(String range) {
        ByteRanges.Answer a = answer(range);
        assertThat(a).as(range).isInstanceOf(ByteRanges.Unsatisfiable.class);
        return ((ByteRanges.Unsatisfiable) a).reason();
    }
}
