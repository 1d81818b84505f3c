package org.openucc.crm;

/** A note to add or the new text of one; the author is who is logged in, not what the client claims. */
public record NoteDraft(String author, String text, String interactionId) {
}
