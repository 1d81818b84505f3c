/**
 * Runs IVR flows on calls: {@link org.openucc.ivr.runtime.FlowRunner} walks a flow's nodes over
 * {@link org.openucc.telephony.CallControl}, one {@link org.openucc.ivr.runtime.IvrSession} per call
 * touched only on its {@link org.openucc.concurrent.SerialExecutor} (with the call and interaction ids
 * in the logging MDC), and completes with an {@link org.openucc.ivr.runtime.IvrOutcome}.
 *
 * <p>Owns: a call's session state (variables, trail, retries, queue wait) while it is in the IVR.
 * Everything outside — the CRM, the ACD, the log, HTTP, timers, the worker pool — comes in through
 * {@link org.openucc.ivr.runtime.IvrPorts}, so tests run flows on a call-control harness.
 *
 * <p>Must not depend on: any I/O library, the store, the CRM or the log (only through its ports),
 * {@code ivr.adapter}, {@code api}/{@code http}, {@code voice}, a telephony adapter, or the ACD
 * engine's objects (it queues a call through {@link org.openucc.ivr.runtime.IvrRouting}).
 */
package org.openucc.ivr.runtime;
