package org.openucc.chat;

/** Sends a chat transcript by email (the email channel implements it when a mailbox is configured). */
public interface TranscriptMailer {
    /** Blocking; throws with the reason if the mail could not be handed to the SMTP server. */
    void sendTranscript(String to, String subject, String text);
}
