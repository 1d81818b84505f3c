package org.openucc.outbound.dialer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.openucc.outbound.pacing.DialingMode;
import org.openucc.outbound.pacing.PacingConfig;

/**
 * What the dialer needs to know of a campaign to run it.
 *
 * @param queueId              where a call a person answered waits for an agent (the campaign's agents
 *                             are the agents this queue can route to)
 * @param ringTimeout          how long a number rings before NO_ANSWER (at least 15 s)
 * @param abandonLimitPercent  the 30-day abandon rate pacing never lets the campaign go over
 * @param abandonAfter         how long a person who answered may wait for an agent (2 s: the FTC rule)
 * @param identificationPrompt what a person hears when no agent joins in time (then the call ends)
 * @param machinePrompt        the message left on an answering machine ({@link AmdAction#LEAVE_MESSAGE})
 * @param language             the prompts' language
 * @param priority             the answered calls' priority in the queue
 * @param blendWith            the inbound queues whose waiting work makes pacing back off (empty: every
 *                             other queue the campaign's agents serve)
 */
public record DialerCampaign(String id, String name, DialingMode mode, String queueId, String callerId,
                             Duration ringTimeout, double abandonLimitPercent, Duration abandonAfter, AmdAction amd,
                             String identificationPrompt, String machinePrompt, String language, int priority,
                             List<String> blendWith) {
    public DialerCampaign {
        Objects.requireNonNull(id, "campaign id");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(queueId, "queue");
        ringTimeout = ringTimeout == null ? Duration.ofSeconds(25) : ringTimeout;
        if (ringTimeout.compareTo(PacingConfig.MIN_RING_TIMEOUT) < 0) {
            throw new IllegalArgumentException("campaign " + id + ": ring timeout " + ringTimeout.toSeconds()
                    + " s is less than the 15 s a number must ring");
        }
        abandonAfter = abandonAfter == null ? Duration.ofSeconds(2) : abandonAfter;
        amd = amd == null ? AmdAction.OFF : amd;
        identificationPrompt = identificationPrompt == null ? "campaign-identification" : identificationPrompt;
        machinePrompt = machinePrompt == null ? "campaign-machine-message" : machinePrompt;
        language = language == null ? "en" : language;
        blendWith = blendWith == null ? List.of() : List.copyOf(blendWith);
        abandonLimitPercent = abandonLimitPercent <= 0 ? 3.0 : abandonLimitPercent;
    }
}
