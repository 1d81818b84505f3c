package org.openucc.telephony.asterisk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openucc.telephony.Prompt;
import org.openucc.telephony.PromptUnavailableException;
import org.openucc.telephony.media.Codec;
import org.openucc.telephony.media.PromptFiles;
import org.openucc.telephony.media.WavAudio;
import org.openucc.telephony.media.WavWriter;

/**
 * What Asterisk plays for a {@link Prompt}: the IVR's prompt library (8 kHz WAV, any of PCM, A-law or
 * µ-law) exported on first use into a sounds directory as 16-bit PCM WAV (what Asterisk's
 * {@code format_wav} plays), named by a hash of the source so a changed prompt gets a new file. A
 * looped prompt (hold music) is also cut into one-second pieces, so a stop or a key press takes
 * effect within a second on a FastAGI channel, which plays one file per command.
 *
 * <p>Asterisk reads the files under {@code asteriskDir}, which is {@code localDir} as the Asterisk host
 * sees it (the same path when Asterisk runs on this machine).
 */
final class AsteriskSounds {
    static final int PIECE_SAMPLES = Codec.CLOCK_RATE; // one second

    private final PromptFiles prompts;
    private final Path localDir;
    private final String asteriskDir;
    private final Map<Path, String> exported = new ConcurrentHashMap<>();
    private final Map<Path, List<String>> pieces = new ConcurrentHashMap<>();

    AsteriskSounds(PromptFiles prompts, Path localDir, String asteriskDir) {
        this.prompts = prompts;
        this.localDir = localDir.toAbsolutePath().normalize();
        this.asteriskDir = asteriskDir == null ? this.localDir.toString() : asteriskDir;
    }

    /** The sound name for STREAM FILE (path without extension); fails with PromptUnavailableException. */
    String sound(Prompt prompt) {
        if (prompt instanceof Prompt.Recorded r) {
            return withoutExtension(r.location()); // made by Asterisk (voicemail): its own path
        }
        Path source = prompts.file(prompt);
        return exported.computeIfAbsent(source.toAbsolutePath().normalize(), s -> write(prompt, name(s), read(prompt, s)));
    }

    /** The one-second pieces of a looped prompt, in order. */
    List<String> pieces(Prompt prompt) {
        if (prompt instanceof Prompt.Recorded) {
            return List.of(sound(prompt));
        }
        Path source = prompts.file(prompt).toAbsolutePath().normalize();
        return pieces.computeIfAbsent(source, s -> {
            short[] samples = read(prompt, s);
            List<String> out = new ArrayList<>();
            String base = name(s);
            for (int at = 0, i = 0; at < samples.length; at += PIECE_SAMPLES, i++) {
                int n = Math.min(PIECE_SAMPLES, samples.length - at);
                short[] piece = new short[n];
                System.arraycopy(samples, at, piece, 0, n);
                out.add(write(prompt, base + "-" + i, piece));
            }
            if (out.isEmpty()) {
                throw new PromptUnavailableException(prompt, "prompt file " + s + " holds no audio");
            }
            return List.copyOf(out);
        });
    }

    /** A short beep (the voicemail's "speak now"): Asterisk's own beep is in the sound packs, which may be missing. */
    String beep() {
        short[] tone = new short[Codec.CLOCK_RATE / 4];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * i / (double) Codec.CLOCK_RATE));
        }
        return write(Prompt.file("beep"), "openucc-beep-1k-250ms", tone);
    }

    private String write(Prompt prompt, String name, short[] samples) {
        Path file = localDir.resolve(name + ".wav");
        try {
            if (!Files.isRegularFile(file)) {
                Files.createDirectories(localDir);
                Path tmp = localDir.resolve(name + ".wav.tmp");
                try (WavWriter w = new WavWriter(tmp, 1)) {
                    w.write(samples, samples.length);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new PromptUnavailableException(prompt, "cannot write the Asterisk copy of " + prompt + " to " + file
                    + ": " + e.getMessage());
        }
        return asteriskDir + "/" + name;
    }

    private static short[] read(Prompt prompt, Path source) {
        try {
            return WavAudio.read(source);
        } catch (IOException e) {
            throw new PromptUnavailableException(prompt, e.getMessage());
        }
    }

    /** The file's name plus a hash of its path, size and time: a changed prompt gets a new copy. */
    private static String name(Path source) {
        try {
            String stamp = source + "|" + Files.size(source) + "|" + Files.getLastModifiedTime(source).toMillis();
            byte[] h = MessageDigest.getInstance("SHA-256").digest(stamp.getBytes(StandardCharsets.UTF_8));
            String file = source.getFileName().toString().replaceAll("\\.wav$", "").replaceAll("[^A-Za-z0-9_-]", "_");
            return file + "-" + HexFormat.of().formatHex(h, 0, 6);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot name the Asterisk copy of " + source + ": " + e.getMessage(), e);
        }
    }

    private static String withoutExtension(String location) {
        return location.replaceAll("\\.(wav|WAV|gsm|sln|ulaw|alaw)$", "");
    }
}
