package org.openucc.telephony;

/** Told about a call's events; called on the telephony layer's thread, so hand work off quickly. */
@FunctionalInterface
public interface CallListener {
    void onEvent(CallEvent event);
}
