/**
 * Outbound dialing pacing: how many calls a campaign places now, in {@link org.openucc.outbound.pacing.DialingMode}
 * PREVIEW (none, the agent dials), PROGRESSIVE (one line per ready agent) or PREDICTIVE (over-dial from the
 * measured answer rate, ring, talk and wrap-up times and the agents about to free up, under the 30-day abandon
 * limit), with blending (inbound work waiting for the same agents comes first).
 *
 * <p>How a campaign runtime drives it, on the campaign's owner thread:
 * <pre>{@code
 * AbandonLedger ledger = AbandonLedger.of(config);
 * storedDays.forEach(d -> ledger.addDay(d.day(), d.answeredByPerson(), d.abandoned()));  // from the interaction log
 * CampaignPacer pacer = new CampaignPacer(config, ledger, clock);
 * // every ~200 ms and after every event:
 * PacingDecision d = pacer.decide(new CampaignSnapshot(agents, ringingFor, answeredWaiting, inboundWork));
 * placeCalls(d.callsToPlace());
 * // as calls progress:
 * pacer.record(new DialEvent.CallPlaced());  pacer.record(new DialEvent.CallAnswered(ring));  …
 * }</pre>
 * A call answered by a person counts in the abandon rate's denominator when it is reported as
 * {@link org.openucc.outbound.pacing.DialEvent.ConnectedToAgent} or
 * {@link org.openucc.outbound.pacing.DialEvent.CallAbandoned}; a machine ({@code MachineDetected}) does not.
 *
 * <p>Owns: the per-campaign measured rates, the abandon feedback and the 30-day ledger (seeded by the runtime).
 * Placing calls, the ring timeout, detecting machines and declaring a call abandoned after 2 s are the
 * runtime's.
 *
 * <p>Must not depend on: any I/O library, threads, the wall clock (an {@link java.time.InstantSource} is
 * injected), or other OpenUCC packages ({@code PacingArchitectureTest}).
 */
package org.openucc.outbound.pacing;
