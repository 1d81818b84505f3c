package org.openucc.voice;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.openucc.ivr.runtime.CallerRecord;
import org.openucc.ivr.runtime.CustomerDirectory;
import org.openucc.ivr.runtime.IvrRouting;

/**
 * What the voice flow talks to besides the telephony and the ACD's events.
 *
 * @param queues    the one way voice calls enter the ACD: the IVR's queue nodes use the same port, so a
 *                  call from a direct service number and one from an IVR flow are queued, followed and
 *                  withdrawn alike
 * @param customers finds the customer a caller's number belongs to (the screen pop, tier priority)
 * @param ivr       runs IVR flows on calls
 * @param journal   the interaction log
 */
public record VoicePorts(IvrRouting queues, CustomerDirectory customers, IvrFront ivr, VoiceJournal journal) {
    /** A directory that knows nobody: every caller is unidentified. */
    public static final CustomerDirectory NO_CUSTOMERS = new CustomerDirectory() {
        @Override
        public CompletionStage<Optional<CallerRecord>> byPhone(String number) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletionStage<Optional<CallerRecord>> byAccount(String accountNumber) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletionStage<Boolean> verifyPin(String customerId, String pin) {
            return CompletableFuture.completedFuture(false);
        }
    };

    public VoicePorts {
        java.util.Objects.requireNonNull(queues, "queues");
        customers = customers == null ? NO_CUSTOMERS : customers;
        ivr = ivr == null ? IvrFront.NONE : ivr;
        journal = journal == null ? VoiceJournal.NONE : journal;
    }
}
