package org.openucc.chat;

import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openucc.fault.LimitExceededException;
import org.openucc.limits.Rejections;

/**
 * How many bytes of files a chat, and a visitor per day (UTC), may send: the visitor is their client
 * address, and also the customer when the web site vouched for who they are. Bytes are reserved before
 * a file is kept and given back if keeping it fails.
 */
final class AttachmentQuota {
    private final long perChat;
    private final long perDay;
    private final InstantSource clock;
    private final Rejections rejections;
    private final Map<String, Long> byChat = new HashMap<>();
    private final Map<String, Long> byVisitorToday = new HashMap<>();
    private LocalDate today;

    AttachmentQuota(long perChat, long perDay, InstantSource clock, Rejections rejections) {
        this.perChat = perChat;
        this.perDay = perDay;
        this.clock = clock;
        this.rejections = rejections;
    }

    /**
     * Reserves {@code bytes} for the chat and each of the visitor's keys.
     *
     * @throws LimitExceededException over a quota (counted as chat "attachments-per-chat" or "attachments-per-day")
     */
    synchronized void reserve(String chatId, List<String> visitorKeys, long bytes) {
        check(chatId, visitorKeys, bytes);
        byChat.merge(chatId, bytes, Long::sum);
        visitorKeys.forEach(k -> byVisitorToday.merge(k, bytes, Long::sum));
    }

    /** Throws as {@link #reserve} would, without reserving (a file announced by its size, before it is read). */
    synchronized void check(String chatId, List<String> visitorKeys, long bytes) {
        rollOver();
        if (byChat.getOrDefault(chatId, 0L) + bytes > perChat) {
            rejections.count("chat", "attachments-per-chat");
            throw new LimitExceededException("this chat has used its file quota: " + perChat + " bytes per chat", null);
        }
        for (String key : visitorKeys) {
            if (byVisitorToday.getOrDefault(key, 0L) + bytes > perDay) {
                rejections.count("chat", "attachments-per-day");
                throw new LimitExceededException("you have sent as many files as we take in a day (" + perDay
                        + " bytes); try again tomorrow", untilTomorrow());
            }
        }
    }

    /** Gives back a reservation whose file was not kept. */
    synchronized void release(String chatId, List<String> visitorKeys, long bytes) {
        byChat.computeIfPresent(chatId, (k, used) -> used - bytes <= 0 ? null : used - bytes);
        visitorKeys.forEach(key -> byVisitorToday.computeIfPresent(key, (k, used) -> used - bytes <= 0 ? null : used - bytes));
    }

    /** The chat is gone; the visitor's day still counts. */
    synchronized void forget(String chatId) {
        byChat.remove(chatId);
    }

    private void rollOver() {
        LocalDate now = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!now.equals(today)) {
            today = now;
            byVisitorToday.clear();
        }
    }

    private Duration untilTomorrow() {
        long seconds = Duration.between(clock.instant(), today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                .toSeconds();
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
