package org.openucc.outbound.dialer;

/**
 * A running campaign's live figures, as the supervisor view and the REST API show them.
 *
 * @param dialed              attempts placed since the campaign started on this server
 * @param personAnswered      answered by a person (not a machine)
 * @param connected           reached an agent
 * @param ringing             numbers ringing now
 * @param waiting             answered and waiting for an agent (or for the machine detector) now
 * @param talking             conversations now
 * @param agents              agents logged in who can take the campaign's calls
 * @param readyAgents         of them, ready now
 * @param linesPerAgent       calls in flight (ringing, waiting, talking) per agent
 * @param machinePercent      machines among the answered calls
 * @param abandonTodayPercent abandoned / answered by a person, today (the center's time zone)
 * @param abandon30DayPercent the same over the rolling 30 days (the FTC rule), what pacing keeps under the limit
 */
public record DialerFigures(String campaignId, String state, String mode, long dialed, long personAnswered,
                              long machines, long abandoned, long connected, long busy, long noAnswer, long failed,
                              long hungUp, int ringing, int waiting, int talking, int agents, int readyAgents,
                              double linesPerAgent, double machinePercent, double abandonTodayPercent,
                              double abandon30DayPercent, long answered30Days, long abandoned30Days,
                              double abandonLimitPercent) {
}
