package org.openucc.ivr.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The prompt files on disk: {@code <dir>/<language>/<name>.wav}. Says whether a prompt exists and is
 * usable (an 8 kHz mono WAV: 16-bit PCM, µ-law or A-law), reading each header once per load.
 */
public final class PromptCatalog {
    private final Path dir;
    private final Map<Path, Optional<String>> checked = new HashMap<>();

    public PromptCatalog(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String language, String name) {
        return dir.resolve(language).resolve(name + ".wav");
    }

    /** Empty if the prompt can be played; otherwise what is wrong with it. */
    public synchronized Optional<String> problem(String language, String name) {
        return checked.computeIfAbsent(file(language, name), PromptCatalog::check);
    }

    public boolean exists(String language, String name) {
        return problem(language, name).isEmpty();
    }

    private static Optional<String> check(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.of("is missing");
        }
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
        ByteBuffer b = ByteBuffer.wrap(head, 0, n).order(ByteOrder.LITTLE_ENDIAN);
        if (n < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            return Optional.of("is not a WAV file");
        }
        int pos = 12;
        while (pos + 8 <= n) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            if (id == 0x20746d66 && pos + 24 <= n) { // "fmt "
                int format = b.getShort(pos + 8) & 0xffff;
                int channels = b.getShort(pos + 10);
                int rate = b.getInt(pos + 12);
                int bits = b.getShort(pos + 22);
                boolean encoding = format == 1 && bits == 16 || (format == 6 || format == 7) && bits == 8
                        || format == 0xFFFE;
                if (rate != 8000 || channels != 1 || !encoding) {
                    return Optional.of("is " + rate + " Hz, " + channels + " channel(s), format " + format + "/" + bits
                            + " bits; prompts must be 8 kHz mono 16-bit PCM, µ-law or A-law"
                            + " (sox in.wav -r 8000 -c 1 -e mu-law out.wav)");
                }
                return Optional.empty();
            }
            if (size < 0) {
                break;
            }
            pos += 8 + size + (size & 1);
        }
        return Optional.of("has no format chunk in its first " + head.length + " bytes");
    }
}
