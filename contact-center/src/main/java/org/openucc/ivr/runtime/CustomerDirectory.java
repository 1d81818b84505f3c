package org.openucc.ivr.runtime;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The CRM as the IVR needs it: find the caller, check a PIN. Never blocks the caller of these methods. */
public interface CustomerDirectory {
    CompletionStage<Optional<CallerRecord>> byPhone(String number);

    CompletionStage<Optional<CallerRecord>> byAccount(String accountNumber);

    /** Whether the PIN is the customer's (false if the customer has none). */
    CompletionStage<Boolean> verifyPin(String customerId, String pin);
}
