package org.openucc.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What one WebSocket client (agent or supervisor console, chat visitor) may send: how large a message
 * may be and how many messages a second, per connection and per logged-in user (every console tab of
 * one agent together). A message over the rate gets an error (429) and is not run; a connection that
 * keeps sending regardless is closed (1008).
 *
 * @param maxMessageBytes          largest message (text or binary, all its frames together); a larger one closes the
 *                                 connection (1009)
 * @param messagesPerSecond        steady rate per connection
 * @param messageBurst             messages a connection may send at once above the steady rate
 * @param messagesPerSecondPerUser steady rate per logged-in user over all their consoles (burst: twice that)
 * @param closeAfterRefusals       refused messages in a row after which the connection is closed
 */
public record WebSocketLimits(int maxMessageBytes, int messagesPerSecond, int messageBurst, int messagesPerSecondPerUser,
                              int closeAfterRefusals) {
    public static final WebSocketLimits DEFAULTS = new WebSocketLimits(0, 0, 0, 0, 0);

    public WebSocketLimits {
        maxMessageBytes = maxMessageBytes == 0 ? 64 * 1024 : maxMessageBytes;
        messagesPerSecond = messagesPerSecond == 0 ? 20 : messagesPerSecond;
        messageBurst = messageBurst == 0 ? 40 : messageBurst;
        messagesPerSecondPerUser = messagesPerSecondPerUser == 0 ? 30 : messagesPerSecondPerUser;
        closeAfterRefusals = closeAfterRefusals == 0 ? 50 : closeAfterRefusals;
    }

    /** Rules beyond shape, under {@code /server/webSocket}. */
    public List<ConfigViolation> validate() {
        List<ConfigViolation> v = new ArrayList<>();
        String at = "/server/webSocket/";
        HttpLimits.range(v, at, "maxMessageBytes", maxMessageBytes, 1024, 16 * 1024 * 1024);
        HttpLimits.range(v, at, "messagesPerSecond", messagesPerSecond, 1, 100_000);
        HttpLimits.range(v, at, "messageBurst", messageBurst, 1, 100_000);
        HttpLimits.range(v, at, "messagesPerSecondPerUser", messagesPerSecondPerUser, 1, 100_000);
        HttpLimits.range(v, at, "closeAfterRefusals", closeAfterRefusals, 1, 1_000_000);
        return List.copyOf(v);
    }
}
