package org.openucc.config;

import java.time.Duration;
import java.util.List;

/**
 * The web chat: the widget's topics (each feeds a CHAT queue), and the limits that keep a flood of
 * bogus chats from starving real ones.
 *
 * @param enabled                       serve the widget and /ws/chat (default false)
 * @param topics                        what the pre-chat form offers; each names a CHAT queue
 * @param maxMessageChars               longest chat message a visitor may send
 * @param maxChatsPerAddress            open chats from one client address at once
 * @param maxMessagesPerMinute          messages one visitor may send per minute
 * @param maxStartsPerMinutePerAddress  chats one address may start per minute
 * @param resumeWindow                  how long a chat waits for its visitor to come back after the
 *                                      socket closed (page reload, network blip) before it ends
 * @param allowedOrigins                web sites (scheme://host[:port]) whose pages may open the chat;
 *                                      empty: any
 * @param maxAttachmentBytes            largest file a visitor may send (0: default 5 MiB)
 * @param attachmentTypes               the content types a visitor may send; the file's first bytes must fit
 *                                      its type (images, PDF)
 * @param identitySecretEnv             environment variable with the secret the host site signs visitor
 *                                      identity tokens with (HMAC-SHA256); unset: no tokens
 * @param identitySecret                the secret itself: for tests and embedding only, never in a file in git
 * @param maxAttachmentBytesPerChat     all files of one chat together (0: default 20 MiB)
 * @param maxAttachmentBytesPerDay      all files one visitor (client address, and the customer once identified)
 *                                      may send per day, UTC (0: default 50 MiB)
 * @param attachmentRetention           files older than this are deleted from the data directory (the transcript
 *                                      keeps their name; default 90 days)
 * @param typingInterval                a visitor's (or agent's) typing indicator reaches the other side at most
 *                                      this often per chat, coalesced to its latest state (default 1 s)
 * @param maxMonitoredChatsPerSupervisor chats one supervisor may monitor (view, whisper, join) at once (default 10)
 */
public record ChatConfig(Boolean enabled, List<ChatTopic> topics, int maxMessageChars, int maxChatsPerAddress,
                         int maxMessagesPerMinute, int maxStartsPerMinutePerAddress, Duration resumeWindow,
                         List<String> allowedOrigins, int maxAttachmentBytes, List<String> attachmentTypes,
                         String identitySecretEnv, String identitySecret, long maxAttachmentBytesPerChat,
                         long maxAttachmentBytesPerDay, Duration attachmentRetention, Duration typingInterval,
                         int maxMonitoredChatsPerSupervisor) {
    public static final ChatConfig BUILT_IN = new ChatConfig(null, null, 0, 0, 0, 0, null, null, 0, null, null, null);

    /** The attachment quotas, retention and typing interval at their defaults. */
    public ChatConfig(Boolean enabled, List<ChatTopic> topics, int maxMessageChars, int maxChatsPerAddress,
                      int maxMessagesPerMinute, int maxStartsPerMinutePerAddress, Duration resumeWindow,
                      List<String> allowedOrigins, int maxAttachmentBytes, List<String> attachmentTypes,
                      String identitySecretEnv, String identitySecret) {
        this(enabled, topics, maxMessageChars, maxChatsPerAddress, maxMessagesPerMinute, maxStartsPerMinutePerAddress,
                resumeWindow, allowedOrigins, maxAttachmentBytes, attachmentTypes, identitySecretEnv, identitySecret,
                0, 0, null, null, 0);
    }

    /** The same with other attachment quotas (bytes per chat, per visitor and day). */
    public ChatConfig withAttachmentQuota(long perChat, long perDay) {
        return new ChatConfig(enabled, topics, maxMessageChars, maxChatsPerAddress, maxMessagesPerMinute,
                maxStartsPerMinutePerAddress, resumeWindow, allowedOrigins, maxAttachmentBytes, attachmentTypes,
                identitySecretEnv, identitySecret, perChat, perDay, attachmentRetention, typingInterval,
                maxMonitoredChatsPerSupervisor);
    }

    /** The same with another typing interval. */
    public ChatConfig withTypingInterval(Duration interval) {
        return new ChatConfig(enabled, topics, maxMessageChars, maxChatsPerAddress, maxMessagesPerMinute,
                maxStartsPerMinutePerAddress, resumeWindow, allowedOrigins, maxAttachmentBytes, attachmentTypes,
                identitySecretEnv, identitySecret, maxAttachmentBytesPerChat, maxAttachmentBytesPerDay,
                attachmentRetention, interval, maxMonitoredChatsPerSupervisor);
    }

    /** The same with another number of chats one supervisor may monitor at once. */
    public ChatConfig withMaxMonitoredChatsPerSupervisor(int max) {
        return new ChatConfig(enabled, topics, maxMessageChars, maxChatsPerAddress, maxMessagesPerMinute,
                maxStartsPerMinutePerAddress, resumeWindow, allowedOrigins, maxAttachmentBytes, attachmentTypes,
                identitySecretEnv, identitySecret, maxAttachmentBytesPerChat, maxAttachmentBytesPerDay,
                attachmentRetention, typingInterval, max);
    }

    public ChatConfig {
        enabled = enabled == null ? Boolean.FALSE : enabled;
        topics = topics == null || topics.isEmpty() ? List.of(new ChatTopic("general", "General question", "chat", null))
                : List.copyOf(topics);
        maxMessageChars = maxMessageChars == 0 ? 2000 : maxMessageChars;
        maxChatsPerAddress = maxChatsPerAddress == 0 ? 3 : maxChatsPerAddress;
        maxMessagesPerMinute = maxMessagesPerMinute == 0 ? 30 : maxMessagesPerMinute;
        maxStartsPerMinutePerAddress = maxStartsPerMinutePerAddress == 0 ? 5 : maxStartsPerMinutePerAddress;
        resumeWindow = resumeWindow == null ? Duration.ofMinutes(2) : resumeWindow;
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        maxAttachmentBytes = maxAttachmentBytes == 0 ? 5 * 1024 * 1024 : maxAttachmentBytes;
        attachmentTypes = attachmentTypes == null || attachmentTypes.isEmpty()
                ? List.of("image/png", "image/jpeg", "image/gif", "application/pdf", "text/plain")
                : List.copyOf(attachmentTypes);
        maxAttachmentBytesPerChat = maxAttachmentBytesPerChat == 0 ? 20L * 1024 * 1024 : maxAttachmentBytesPerChat;
        maxAttachmentBytesPerDay = maxAttachmentBytesPerDay == 0 ? 50L * 1024 * 1024 : maxAttachmentBytesPerDay;
        attachmentRetention = attachmentRetention == null ? Duration.ofDays(90) : attachmentRetention;
        typingInterval = typingInterval == null ? Duration.ofSeconds(1) : typingInterval;
        maxMonitoredChatsPerSupervisor = maxMonitoredChatsPerSupervisor == 0 ? 10 : maxMonitoredChatsPerSupervisor;
    }
}
