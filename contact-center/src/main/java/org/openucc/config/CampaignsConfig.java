package org.openucc.config;

import java.time.Duration;

/**
 * How the outbound dialer runs every campaign (a campaign's own settings, such as its mode, queue, ring timeout
 * and abandon limit, are data: {@code /api/campaigns}).
 *
 * @param previewTimeout       how long a preview record stays on an agent's screen before it goes back to the
 *                             list (default 60s)
 * @param targetShareOfLimit   what predictive pacing aims at, as a share of the campaign's abandon limit: chance
 *                             needs room under the ceiling (default 2/3: a 3 % limit aims at 2 %)
 * @param inboundWaitThreshold blending: once inbound work for a campaign's agents has waited this long (or its
 *                             service level is at risk), the campaign places no new calls (default 10s)
 * @param warmUpAnswers        predictive pacing dials progressive until this many people answered and as many
 *                             talks ended (default 30)
 * @param maxLinesPerAgent     the most calls a campaign has ringing or waiting per agent available to it
 *                             (ready, talking or wrapping up; default 5)
 */
public record CampaignsConfig(Duration previewTimeout, Double targetShareOfLimit, Duration inboundWaitThreshold,
                              Integer warmUpAnswers, Double maxLinesPerAgent) {
    public static final CampaignsConfig BUILT_IN = new CampaignsConfig(null, null, null, null, null);

    public CampaignsConfig {
        previewTimeout = previewTimeout == null ? Duration.ofSeconds(60) : previewTimeout;
        targetShareOfLimit = targetShareOfLimit == null ? 2.0 / 3 : targetShareOfLimit;
        inboundWaitThreshold = inboundWaitThreshold == null ? Duration.ofSeconds(10) : inboundWaitThreshold;
        warmUpAnswers = warmUpAnswers == null ? 30 : warmUpAnswers;
        maxLinesPerAgent = maxLinesPerAgent == null ? 5.0 : maxLinesPerAgent;
    }

    /** Rules beyond shape, under {@code /channels/campaigns}. */
    void validate(java.util.List<ConfigViolation> v) {
        String at = "/channels/campaigns/";
        if (previewTimeout.compareTo(Duration.ofSeconds(5)) < 0 || previewTimeout.compareTo(Duration.ofMinutes(30)) > 0) {
            v.add(ConfigViolation.at(at + "previewTimeout", "previewTimeout must be 5s..30m, not "
                    + DurationFormat.format(previewTimeout)));
        }
        if (!(targetShareOfLimit > 0 && targetShareOfLimit <= 1)) {
            v.add(ConfigViolation.at(at + "targetShareOfLimit", "targetShareOfLimit must be over 0 and at most 1 (the"
                    + " limit itself), not " + targetShareOfLimit));
        }
        if (inboundWaitThreshold.isNegative() || inboundWaitThreshold.compareTo(Duration.ofMinutes(10)) > 0) {
            v.add(ConfigViolation.at(at + "inboundWaitThreshold", "inboundWaitThreshold must be 0s..10m, not "
                    + DurationFormat.format(inboundWaitThreshold)));
        }
        if (warmUpAnswers < 1 || warmUpAnswers > 10_000) {
            v.add(ConfigViolation.at(at + "warmUpAnswers", "warmUpAnswers must be 1..10000, not " + warmUpAnswers));
        }
        if (!(maxLinesPerAgent >= 1 && maxLinesPerAgent <= 20)) {
            v.add(ConfigViolation.at(at + "maxLinesPerAgent", "maxLinesPerAgent must be 1..20, not " + maxLinesPerAgent));
        }
    }
}
