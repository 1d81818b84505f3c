package org.openucc.voice;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.openucc.ivr.runtime.CallerRecord;
import org.openucc.ivr.runtime.CustomerDirectory;

/**
 * What the voice flow talks to besides the telephony and the ACD's events. Calls enter the ACD only
 * through the IVR's queue nodes (a direct service number's included: the built-in direct flow).
 *
 * @param customers finds the customer a caller's number belongs to (the screen pop, tier priority)
 * @param ivr       runs IVR flows on calls
 * @param journal   the interaction log
 */
public record VoicePorts(CustomerDirectory customers, IvrFront ivr, VoiceJournal journal) {
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
        customers = customers == null ? NO_CUSTOMERS : customers;
        ivr = ivr == null ? IvrFront.NONE : ivr;
        journal = journal == null ? VoiceJournal.NONE : journal;
    }
}
