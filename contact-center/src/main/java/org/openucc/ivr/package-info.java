/**
 * The IVR as the server sees it: {@link org.openucc.ivr.IvrService} loads and validates the flows in
 * {@code ivr-scripts/} ({@code ivr.load}, {@code ivr.flow}, {@code ivr.expr}, {@code ivr.prompt}),
 * reloads them when a file changes, and runs one on a call ({@code ivr.runtime}); {@code ivr.adapter}
 * wires the runtime's ports to the store, the ACD, the log and the JDK HTTP client.
 *
 * <p>Owns: the flows and each call's walk through them until it is queued, handed to an agent or ends.
 *
 * <p>Must not depend on: {@code api} or {@code http} (it is below the HTTP edge; {@code GuardRailsTest}),
 * {@code voice} (the voice flow calls the IVR, not the other way round), or a telephony adapter
 * ({@code telephony.sip}, {@code telephony.media}): calls are driven through
 * {@link org.openucc.telephony.CallControl} only.
 */
package org.openucc.ivr;
