package org.openucc.config;

/** What happens to an interaction that waited the queue's maximum: the channel adapter carries it out. */
public enum MaxWaitAction {
    /** Offer the customer a callback (voice) / keep as a callback interaction. */
    CALLBACK,
    /** Send a voice caller to voicemail. */
    VOICEMAIL,
    /** Move to the queue named in {@code maxWaitQueue}. */
    QUEUE,
    /** End with reason max-wait (e.g. play a sorry message and hang up). */
    DISCONNECT
}
