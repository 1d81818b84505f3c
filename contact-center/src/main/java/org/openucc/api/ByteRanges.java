package org.openucc.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What a GET with a Range header asks of a file of known size (RFC 9110 §14): the whole file, one byte range of
 * it, or nothing it has. One range is served; a request for several is answered with the whole file, as is a
 * Range in a unit other than bytes and a Range whose If-Range validator no longer matches (§14.2, §13.1.5).
 */
final class ByteRanges {
    /** HTTP-date as IMF-fixdate (RFC 9110 §5.6.7: a two-digit day, unlike Java's RFC 1123 format), for Last-Modified and If-Range. */
    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private ByteRanges() {
    }

    /** The answer to a range request. */
    sealed interface Answer permits Whole, Part, Unsatisfiable {
        /** The first byte sent (0 for the whole file), or -1 when nothing is sent. */
        long first();
    }

    /** 200 with every byte. */
    record Whole() implements Answer {
        @Override
        public long first() {
            return 0;
        }
    }

    /** 206: bytes {@code first..last} (inclusive) of {@code size}. */
    record Part(long first, long last, long size) implements Answer {
        long length() {
            return last - first + 1;
        }

        String contentRange() {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** 416, with why (and {@code Content-Range: bytes *}{@code /size}). */
    record Unsatisfiable(String reason) implements Answer {
        @Override
        public long first() {
            return -1;
        }
    }

    /**
     * @param range        the Range header (null: none)
     * @param ifRange      the If-Range header (null: none): the range applies only if it is {@code etag} or the
     *                     file's Last-Modified date
     * @param size         bytes in the file
     */
    static Answer answer(String range, String ifRange, long size, String etag, Instant lastModified) {
        if (range == null || range.isBlank()) {
            return new Whole();
        }
        if (ifRange != null && !ifRange.strip().equals(etag)
                && !ifRange.strip().equals(HTTP_DATE.format(lastModified))) {
            return new Whole(); // the file changed since the client's copy: send it all (§13.1.5)
        }
        String r = range.strip();
        int eq = r.indexOf('=');
        if (eq < 0 || !r.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
            return new Whole(); // a unit we do not know is ignored (§14.2)
        }
        String specs = r.substring(eq + 1).strip();
        if (specs.contains(",")) {
            return new Whole(); // several ranges: the whole file is a valid answer (§14.2), and one response part
        }
        int dash = specs.indexOf('-');
        String from = dash < 0 ? "" : specs.substring(0, dash).strip();
        String to = dash < 0 ? "" : specs.substring(dash + 1).strip();
        if (dash < 0 || (from.isEmpty() && to.isEmpty()) || !digits(from) || !digits(to)) {
            return new Unsatisfiable("'" + range + "' is not a byte range: send bytes=first-last, bytes=first- or"
                    + " bytes=-count");
        }
        try {
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to); // the last `suffix` bytes (§14.1.2)
                if (suffix == 0 || size == 0) {
                    return new Unsatisfiable("'" + range + "' asks for no bytes of a recording of " + size + " bytes");
                }
                return new Part(Math.max(0, size - suffix), size - 1, size);
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
            if (last < first) {
                return new Unsatisfiable("'" + range + "' ends before it starts");
            }
            if (first >= size) {
                return new Unsatisfiable("the recording has " + size + " bytes (0.." + (size - 1) + "); '" + range
                        + "' starts after its end");
            }
            return new Part(first, Math.min(last, size - 1), size);
        } catch (NumberFormatException e) {
            return new Unsatisfiable("'" + range + "' has a position larger than any file");
        }
    }

    private static boolean digits(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
