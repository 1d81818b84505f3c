package org.openucc.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 log's journal: what makes an interaction-log commit durable without forcing H2 to write
 * its file after every commit. The log writer commits a batch to H2 (visible at once, written by H2 later),
 * then appends the stored events to the current segment here, and only then acknowledges them. A write
 * handed to the OS survives a kill -9, as H2's {@code CHECKPOINT} did, at a fraction of its cost: a
 * checkpoint copies every B-tree page the commit touched into a new chunk, about 1.6 ms of CPU per call.
 * <p>
 * Segments are files {@code segment-NNNNNNNNNNNNNNNNNNN.log} in the journal's directory. Every so often
 * the writer starts a new one and has the closed ones checkpointed into H2 (in the background) and deleted:
 * every event in a closed segment was committed to H2 before it was journaled, so a {@code CHECKPOINT}
 * begun afterwards writes them all. At start, the events of the segments left over that H2's file lacks
 * (id above its highest) are stored again with their ids ({@link LogJournalReplay}).
 * <p>
 * A record: magic, payload length, CRC-32C of the payload, payload (the events). A record cut short by a
 * crash, or one that does not match its CRC, ends the segment's reading: it was never acknowledged, since
 * the writer acknowledges only after the whole record is handed to the OS.
 * <p>
 * Writer thread only, except {@link #deleteThrough}, which only deletes closed segments.
 */
final class LogJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogJournal.class);
    static final int MAGIC = 0x4F55434A; // "OUCJ"
    /** Header of a record: magic, payload length, CRC. */
    private static final int HEADER = 4 + 4 + 8;
    /** A record larger than this is damage, not data (a batch is at most the writer's batch size of events). */
    static final int MAX_RECORD = 64 * 1024 * 1024;
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";

    /** One event as journaled: the stored event and its details exactly as inserted (JSON). */
    record Entry(long id, Instant at, String type, String interactionId, String agentId, String queueId,
                 String customerId, String actor, String detailsJson) {
    }

    private final Path dir;
    /** A record being built; its array is written as it is (no copy). */
    private static final class RecordBytes extends ByteArrayOutputStream {
        RecordBytes() {
            super(16 * 1024);
        }

        byte[] array() {
            return buf;
        }
    }

    private final RecordBytes bytes = new RecordBytes();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private final CRC32C crc = new CRC32C();
    private FileChannel channel;
    private long segment;
    private long segmentBytes;
    private long segmentStartedNanos;
    /** Read by other threads (stats). */
    private volatile long appendedBytes;
    private volatile long records;

    private LogJournal(Path dir, long firstSegment) throws IOException {
        this.dir = dir;
        openSegment(firstSegment);
    }

    /**
     * Opens a journal that appends to a new segment after every one already in {@code dir} (created if
     * missing). Replay and delete the old ones first ({@link #segments}, {@link #read}, {@link #deleteThrough}).
     */
    static LogJournal open(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> old = segments(dir);
        long next = old.isEmpty() ? 1 : number(old.get(old.size() - 1)) + 1;
        return new LogJournal(dir, next);
    }

    /** The segment files in {@code dir}, oldest first (none if the directory does not exist). */
    static List<Path> segments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> isSegment(p.getFileName().toString()))
                    .sorted((a, b) -> Long.compare(number(a), number(b)))
                    .toList();
        }
    }

    private static boolean isSegment(String name) {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return false;
        }
        String digits = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
        return !digits.isEmpty() && digits.length() <= 19 && digits.chars().allMatch(Character::isDigit);
    }

    static long number(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    private Path file(long n) {
        return dir.resolve(String.format("%s%019d%s", PREFIX, n, SUFFIX));
    }

    private void openSegment(long n) throws IOException {
        channel = FileChannel.open(file(n), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        segment = n;
        segmentBytes = 0;
        segmentStartedNanos = System.nanoTime();
    }

    /**
     * Appends one record with {@code events} and returns once the OS has all of it (not forced to the disk:
     * survives the process, not a power cut, as the H2 store it stands in for). Writer thread only.
     */
    void append(List<Entry> events) throws IOException {
        bytes.reset();
        out.writeInt(MAGIC);
        out.writeInt(0); // length, set below
        out.writeLong(0); // CRC, set below
        out.writeInt(events.size());
        for (Entry e : events) {
            out.writeLong(e.id());
            out.writeLong(e.at().getEpochSecond());
            out.writeInt(e.at().getNano());
            string(e.type());
            string(e.interactionId());
            string(e.agentId());
            string(e.queueId());
            string(e.customerId());
            string(e.actor());
            string(e.detailsJson());
        }
        out.flush();
        byte[] raw = bytes.array();
        int size = bytes.size();
        int payload = size - HEADER;
        crc.reset();
        crc.update(raw, HEADER, payload);
        ByteBuffer buffer = ByteBuffer.wrap(raw, 0, size);
        buffer.putInt(4, payload);
        buffer.putLong(8, crc.getValue());
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        segmentBytes += size;
        appendedBytes = appendedBytes + size; // one writer thread
        records = records + 1;
    }

    private void string(String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Bytes in the current segment. */
    long segmentBytes() {
        return segmentBytes;
    }

    /** Nanoseconds since the current segment was started. */
    long segmentAgeNanos() {
        return System.nanoTime() - segmentStartedNanos;
    }

    long appendedBytes() {
        return appendedBytes;
    }

    long records() {
        return records;
    }

    /**
     * Closes the current segment and starts the next; returns the closed one's number, whose events (and
     * every older segment's) are all committed to H2 by now. Writer thread only.
     */
    long rotate() throws IOException {
        long closed = segment;
        channel.close();
        openSegment(closed + 1);
        return closed;
    }

    /** Deletes every segment numbered {@code last} or lower, once H2's file has their events. Any thread. */
    void deleteThrough(long last) throws IOException {
        deleteThrough(dir, last);
    }

    static void deleteThrough(Path dir, long last) throws IOException {
        for (Path p : segments(dir)) {
            if (number(p) <= last) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The number of the segment being written. */
    long segment() {
        return segment;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Reads a segment's events, in order, up to its end or to the first record that is cut short or damaged
     * (a crash in the middle of its write: it was never acknowledged); that one is named in the log.
     */
    static List<Entry> read(Path segment) throws IOException {
        byte[] all = Files.readAllBytes(segment);
        List<Entry> entries = new ArrayList<>();
        int pos = 0;
        CRC32C check = new CRC32C();
        while (pos < all.length) {
            String damage = null;
            if (all.length - pos < HEADER) {
                damage = "a record header cut short";
            } else {
                ByteBuffer header = ByteBuffer.wrap(all, pos, HEADER);
                int magic = header.getInt();
                int length = header.getInt();
                long sum = header.getLong();
                if (magic != MAGIC) {
                    damage = "no record marker";
                } else if (length < 4 || length > MAX_RECORD || length > all.length - pos - HEADER) {
                    damage = "a record cut short (" + length + " bytes announced)";
                } else {
                    check.reset();
                    check.update(all, pos + HEADER, length);
                    if (check.getValue() != sum) {
                        damage = "a record whose checksum does not match";
                    } else {
                        try {
                            entries.addAll(decode(all, pos + HEADER, length));
                        } catch (IOException | RuntimeException e) {
                            damage = "a record that cannot be read (" + e + ")";
                        }
                        if (damage == null) {
                            pos += HEADER + length;
                            continue;
                        }
                    }
                }
            }
            log.warn("interaction-log journal {}: {} at byte {} of {}; reading stops there (it was never acknowledged)",
                    segment, damage, pos, all.length);
            break;
        }
        return entries;
    }

    private static List<Entry> decode(byte[] all, int from, int length) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, from, length));
        int count = in.readInt();
        if (count < 0 || count > length / 16) {
            throw new IOException("event count " + count);
        }
        List<Entry> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long id = in.readLong();
            Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
            out.add(new Entry(id, at, readString(in), readString(in), readString(in), readString(in), readString(in),
                    readString(in), readString(in)));
        }
        if (in.available() != 0) {
            throw new IOException(in.available() + " bytes left over");
        }
        return out;
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.available()) {
            throw new EOFException("string of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
