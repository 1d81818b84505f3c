package org.openucc.voice;

import java.util.concurrent.CompletionStage;
import org.openucc.ivr.runtime.IvrCall;
import org.openucc.ivr.runtime.IvrOutcome;
import org.openucc.telephony.CallControl;

/** The IVR as the voice flow hands calls to it ({@code IvrService::run} in the server). */
@FunctionalInterface
public interface IvrFront {
    /** No IVR: every flow fails, the direct one too, so calls are refused (logged failed). */
    IvrFront NONE = (call, flow, ivrCall) -> java.util.concurrent.CompletableFuture.completedFuture(
            new IvrOutcome.Failed(ivrCall.interactionId(), "this server runs no IVR",
                    org.openucc.ivr.runtime.IvrTrail.EMPTY));

    CompletionStage<IvrOutcome> run(CallControl call, String flowName, IvrCall ivrCall);
}
