package org.openucc.cti;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.openucc.fault.NotSupportedException;

/** Until a voice adapter is wired in: every call command fails as not supported (HTTP 501), with a message that says so. */
public final class UnsupportedCallCommands implements CallCommands {
    private static <T> CompletionStage<T> unsupported(String what) {
        return CompletableFuture.failedFuture(new NotSupportedException(what
                + " is not available: no voice adapter (SIP or Asterisk) is connected to this server"));
    }

    @Override
    public CompletionStage<Void> hold(String interactionId, String agentId) {
        return unsupported("hold");
    }

    @Override
    public CompletionStage<Void> resume(String interactionId, String agentId) {
        return unsupported("resume");
    }

    @Override
    public CompletionStage<Void> transfer(String interactionId, String agentId, String destination) {
        return unsupported("transfer to a number");
    }

    @Override
    public CompletionStage<Void> hangup(String interactionId, String agentId) {
        return unsupported("hang up");
    }

    @Override
    public CompletionStage<Void> sendDtmf(String interactionId, String agentId, String digits) {
        return unsupported("DTMF");
    }
}
