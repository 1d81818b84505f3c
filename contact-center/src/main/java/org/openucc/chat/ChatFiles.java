package org.openucc.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openucc.fault.InvalidInputException;
import org.openucc.fault.RejectedContentException;
import org.openucc.message.MessageStore;
import org.openucc.message.TranscriptMessage.Attachment;

/**
 * Files visitors send: only the configured types, no larger than the limit, and the first bytes must
 * fit the declared type (a "picture" that is HTML or a program is refused). Kept in the message store (so every
 * node of a cluster serves them and none is lost with a node) under the name
 * {@code attachments/<interaction>/<message>-0-<file>}; agents download them as attachments, never inline. Earlier
 * versions kept them under {@code <dataDir>/attachments/}: those are still served and still deleted at retention.
 */
final class ChatFiles {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChatFiles.class);
    private final MessageStore store;
    private final Path dataDir;
    private final int maxBytes;
    private final List<String> types;
    private final InstantSource clock;

    ChatFiles(MessageStore store, Path dataDir, int maxBytes, List<String> types, InstantSource clock) {
        this.store = store;
        this.dataDir = dataDir;
        this.maxBytes = maxBytes;
        this.types = types.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        this.clock = clock;
    }

    Attachment keep(String interactionId, String messageId, String name, String declaredType, byte[] bytes) {
        String type = declaredType == null ? "" : declaredType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!types.contains(type)) {
            throw RejectedContentException.unsupportedType("files of type '" + type + "' are not accepted; send one of " + types);
        }
        if (bytes.length == 0) {
            throw new InvalidInputException("the file is empty");
        }
        if (bytes.length > maxBytes) {
            throw RejectedContentException.tooLarge("files are at most " + maxBytes + " bytes");
        }
        if (!fits(type, bytes)) {
            throw RejectedContentException.unsupportedType("the file's content is not " + type);
        }
        String safe = name == null || name.isBlank() ? "file" : name.replaceAll("[^A-Za-z0-9._-]", "_");
        safe = safe.length() > 100 ? safe.substring(safe.length() - 100) : safe;
        String path = "attachments/" + interactionId + "/" + messageId + "-0-" + safe;
        store.keepFile(path, interactionId, bytes, clock.instant());
        return new Attachment(name == null || name.isBlank() ? "file" : name, type, bytes.length, path);
    }

    /** Deletes a kept file whose message was not stored (the upload failed after all). */
    void discard(Attachment file) {
        try {
            store.discardFile(file.path());
        } catch (RuntimeException e) {
            log.warn("File {} of a failed upload could not be deleted: {}", file.path(), e.toString());
        }
    }

    /**
     * Deletes the files kept before {@code cutoff}: those in the store, and those earlier versions kept on disk (by
     * their time on disk, with the chats' folders left empty); the transcripts keep the files' names. Returns how
     * many files went.
     */
    int deleteOlderThan(java.time.Instant cutoff) {
        int deleted = 0;
        try {
            deleted += store.deleteFilesBefore(cutoff);
        } catch (RuntimeException e) {
            log.warn("Old chat files could not be deleted from the store: {}", e.toString());
        }
        Path root = dataDir.resolve("attachments");
        if (!Files.isDirectory(root)) {
            return logged(deleted, cutoff);
        }
        try (var chats = Files.list(root)) {
            for (Path chat : chats.filter(Files::isDirectory).toList()) {
                try (var kept = Files.list(chat)) {
                    for (Path f : kept.filter(Files::isRegularFile).toList()) {
                        if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                            Files.deleteIfExists(f);
                            deleted++;
                        }
                    }
                }
                try (var left = Files.list(chat)) {
                    if (left.findAny().isEmpty()) {
                        Files.deleteIfExists(chat);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Old chat files under {} could not all be deleted: {}", root, e.toString());
        }
        return logged(deleted, cutoff);
    }

    private static int logged(int deleted, java.time.Instant cutoff) {
        if (deleted > 0) {
            log.info("Deleted {} files of chats and mails kept longer than the retention (before {})", deleted, cutoff);
        }
        return deleted;
    }

    /** Signatures of the common types (PNG, JPEG, GIF, PDF); text must be UTF-8 without NUL. */
    static boolean fits(String type, byte[] b) {
        return switch (type) {
            case "image/png" -> starts(b, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            case "image/jpeg" -> starts(b, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});
            case "image/gif" -> starts(b, "GIF87a".getBytes(StandardCharsets.US_ASCII))
                    || starts(b, "GIF89a".getBytes(StandardCharsets.US_ASCII));
            case "application/pdf" -> starts(b, "%PDF-".getBytes(StandardCharsets.US_ASCII));
            case "text/plain" -> isUtf8Text(b);
            default -> true; // a type the operator allowed that we have no signature for
        };
    }

    private static boolean starts(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean isUtf8Text(byte[] b) {
        for (byte x : b) {
            if (x == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
