package org.openucc.telephony;

/** A playback named a prompt this telephony cannot play (missing in the language and its fallback). */
public final class PromptUnavailableException extends RuntimeException {
    private final Prompt prompt;

    public PromptUnavailableException(Prompt prompt, String message) {
        super(message);
        this.prompt = prompt;
    }

    public Prompt prompt() {
        return prompt;
    }
}
