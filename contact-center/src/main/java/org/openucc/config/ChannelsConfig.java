package org.openucc.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The web channels: the chat widget, the mailbox, web callback requests, and agents' own calls
 * (dial-out). Each has its own record; every interaction they create goes through the ACD like a call.
 */
public record ChannelsConfig(ChatConfig chat, EmailConfig email, CallbackConfig callback, DialOutConfig dialOut,
                             CampaignsConfig campaigns) {
    public static final ChannelsConfig BUILT_IN = new ChannelsConfig(null, null, null);

    public ChannelsConfig {
        chat = chat == null ? ChatConfig.BUILT_IN : chat;
        email = email == null ? EmailConfig.BUILT_IN : email;
        callback = callback == null ? CallbackConfig.BUILT_IN : callback;
        dialOut = (dialOut == null ? DialOutConfig.BUILT_IN : dialOut).reachingLike(callback);
        campaigns = campaigns == null ? CampaignsConfig.BUILT_IN : campaigns;
    }

    public ChannelsConfig(ChatConfig chat, EmailConfig email, CallbackConfig callback, DialOutConfig dialOut) {
        this(chat, email, callback, dialOut, null);
    }

    /** Without dial-out (off): what code written before it builds. */
    public ChannelsConfig(ChatConfig chat, EmailConfig email, CallbackConfig callback) {
        this(chat, email, callback, null);
    }

    public ChannelsConfig withDialOut(DialOutConfig dialOut) {
        return new ChannelsConfig(chat, email, callback, dialOut, campaigns);
    }

    /** Rules beyond shape, under {@code /channels}: queues exist and take the channel, limits are sane. */
    public List<ConfigViolation> validate(List<QueueConfig> queues) {
        Map<String, QueueConfig> byId = queues.stream().collect(Collectors.toMap(QueueConfig::id, q -> q, (a, b) -> a));
        List<ConfigViolation> v = new ArrayList<>();
        if (chat.enabled()) {
            if (chat.topics().isEmpty()) {
                v.add(ConfigViolation.at("/channels/chat/topics", "chat needs at least one topic (topic -> queue)"));
            }
            for (int i = 0; i < chat.topics().size(); i++) {
                queue(v, byId, "/channels/chat/topics/" + i + "/queue", chat.topics().get(i).queue(),
                        org.openucc.interaction.Channel.CHAT);
            }
            positive(v, "/channels/chat/maxMessageChars", chat.maxMessageChars());
            positive(v, "/channels/chat/maxChatsPerAddress", chat.maxChatsPerAddress());
            positive(v, "/channels/chat/maxMessagesPerMinute", chat.maxMessagesPerMinute());
            positive(v, "/channels/chat/maxStartsPerMinutePerAddress", chat.maxStartsPerMinutePerAddress());
            positive(v, "/channels/chat/maxAttachmentBytes", chat.maxAttachmentBytes());
            positive(v, "/channels/chat/maxMonitoredChatsPerSupervisor", chat.maxMonitoredChatsPerSupervisor());
            if (chat.maxAttachmentBytesPerChat() < chat.maxAttachmentBytes()) {
                v.add(ConfigViolation.at("/channels/chat/maxAttachmentBytesPerChat", "maxAttachmentBytesPerChat ("
                        + chat.maxAttachmentBytesPerChat() + ") must be at least maxAttachmentBytes ("
                        + chat.maxAttachmentBytes() + "), or no file fits"));
            }
            if (chat.maxAttachmentBytesPerDay() < chat.maxAttachmentBytes()) {
                v.add(ConfigViolation.at("/channels/chat/maxAttachmentBytesPerDay", "maxAttachmentBytesPerDay ("
                        + chat.maxAttachmentBytesPerDay() + ") must be at least maxAttachmentBytes ("
                        + chat.maxAttachmentBytes() + "), or no file fits"));
            }
            if (chat.attachmentRetention().compareTo(java.time.Duration.ofHours(1)) < 0) {
                v.add(ConfigViolation.at("/channels/chat/attachmentRetention",
                        "attachmentRetention must be at least 1h (agents download files after the chat)"));
            }
            if (chat.typingInterval().isNegative() || chat.typingInterval().compareTo(java.time.Duration.ofMinutes(1)) > 0) {
                v.add(ConfigViolation.at("/channels/chat/typingInterval", "typingInterval must be 0..1m"));
            }
        }
        if (email.enabled()) {
            queue(v, byId, "/channels/email/queue", email.queue(), org.openucc.interaction.Channel.EMAIL);
            for (int i = 0; i < email.rules().size(); i++) {
                EmailRule r = email.rules().get(i);
                if (r.queue() != null) {
                    queue(v, byId, "/channels/email/rules/" + i + "/queue", r.queue(),
                            org.openucc.interaction.Channel.EMAIL);
                }
            }
            if (blank(email.imapHost())) {
                v.add(ConfigViolation.at("/channels/email/imapHost", "imapHost is required when email is enabled"));
            }
            if (blank(email.smtpHost())) {
                v.add(ConfigViolation.at("/channels/email/smtpHost", "smtpHost is required when email is enabled"));
            }
            if (blank(email.address())) {
                v.add(ConfigViolation.at("/channels/email/address",
                        "address (the mailbox's own address, used as From) is required when email is enabled"));
            }
        }
        if (callback.enabled()) {
            for (int i = 0; i < callback.queues().size(); i++) {
                queue(v, byId, "/channels/callback/queues/" + i, callback.queues().get(i),
                        org.openucc.interaction.Channel.CALLBACK);
            }
            positive(v, "/channels/callback/maxAttempts", callback.maxAttempts());
            positive(v, "/channels/callback/maxRequestsPerHourPerAddress", callback.maxRequestsPerHourPerAddress());
            int emergency = callback.numberTypes().indexOf(PhoneNumberType.EMERGENCY);
            if (emergency >= 0) {
                v.add(ConfigViolation.at("/channels/callback/numberTypes/" + emergency,
                        "EMERGENCY numbers are never called back automatically; remove it"));
            }
            if (!callback.dialUri().startsWith("sip:") || !callback.dialUri().contains("{number}")) {
                v.add(ConfigViolation.at("/channels/callback/dialUri",
                        "dialUri must be a sip: URI with {number} in it, e.g. sip:{number}@trunk.example:5060"));
            }
        }
        if (dialOut.enabled()) {
            queue(v, byId, "/channels/dialOut/queue", dialOut.queue(), org.openucc.interaction.Channel.OUTBOUND_VOICE);
            positive(v, "/channels/dialOut/maxCallsPerMinutePerAgent", dialOut.maxCallsPerMinutePerAgent());
            int emergency = dialOut.numberTypes().indexOf(PhoneNumberType.EMERGENCY);
            if (emergency >= 0) {
                v.add(ConfigViolation.at("/channels/dialOut/numberTypes/" + emergency,
                        "EMERGENCY numbers are never dialled through the contact center; remove it"));
            }
            if (!dialOut.dialUri().startsWith("sip:") || !dialOut.dialUri().contains("{number}")) {
                v.add(ConfigViolation.at("/channels/dialOut/dialUri",
                        "dialUri must be a sip: URI with {number} in it, e.g. sip:{number}@trunk.example:5060"));
            }
            if (dialOut.ringTimeout().compareTo(java.time.Duration.ofSeconds(5)) < 0
                    || dialOut.ringTimeout().compareTo(java.time.Duration.ofMinutes(3)) > 0) {
                v.add(ConfigViolation.at("/channels/dialOut/ringTimeout", "ringTimeout must be 5s..3m"));
            }
        }
        campaigns.validate(v);
        return List.copyOf(v);
    }

    public ChannelsConfig withCampaigns(CampaignsConfig campaigns) {
        return new ChannelsConfig(chat, email, callback, dialOut, campaigns);
    }

    private static void queue(List<ConfigViolation> v, Map<String, QueueConfig> byId, String path, String id,
                              org.openucc.interaction.Channel channel) {
        QueueConfig q = id == null ? null : byId.get(id);
        if (q == null) {
            v.add(ConfigViolation.at(path, "'" + id + "' is not a queue; use one of " + new java.util.TreeSet<>(byId.keySet())));
        } else if (!q.channels().contains(channel)) {
            v.add(ConfigViolation.at(path, "queue '" + id + "' does not take " + channel + " (its channels: "
                    + q.channels() + ")"));
        }
    }

    private static void positive(List<ConfigViolation> v, String path, int value) {
        if (value <= 0) {
            v.add(ConfigViolation.at(path, "must be at least 1, not " + value));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
