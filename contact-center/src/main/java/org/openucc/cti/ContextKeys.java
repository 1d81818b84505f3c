package org.openucc.cti;

/**
 * The old home of {@link org.openucc.interaction.ContextKeys}, kept only because
 * {@code voice/VoiceCall.java} names {@code org.openucc.cti.ContextKeys.PHONE} in its code (not in an
 * import) and the voice package is being rewritten by its owner. Remove once it names the interaction one.
 *
 * @deprecated use {@link org.openucc.interaction.ContextKeys}
 */
@Deprecated(forRemoval = true)
public final class ContextKeys {
    /** A compile-time constant: callers hold the text itself, not a reference to this class. */
    public static final String PHONE = org.openucc.interaction.ContextKeys.PHONE;

    private ContextKeys() {
    }
}
