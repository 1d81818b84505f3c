/**
 * Voice calls in the contact center, whatever telephony carries them: one {@link
 * org.openucc.voice.VoiceCall} per call owns its {@link org.openucc.voice.CallStage} (arriving,
 * identifying, in the IVR, queued, ringing an agent, dialling, connected, held, ended) on one serial
 * executor, and is the one place that rings agents, bridges and records, holds, transfers and hangs
 * up — for inbound calls, IVR queue nodes and web callbacks alike ({@link
 * org.openucc.voice.VoiceDialer} for agent-first dialling). {@link org.openucc.voice.VoiceQueueFlow}
 * takes calls from the {@link org.openucc.telephony.Telephony} port and hands each ACD event and
 * console command to the call it concerns.
 *
 * <p>Owns: the life of a call and its legs. Talks to the ACD only through the routing port's
 * commands (a customer who leaves in any stage sends {@code CustomerLeft}), to telephony only
 * through {@link org.openucc.telephony.CallControl}, to the IVR through {@link
 * org.openucc.voice.IvrFront}. Must not depend on {@code api}, {@code http}, the SIP or media
 * adapters, or the engine's objects.
 */
package org.openucc.voice;
