package org.openucc.log;

/** What an interaction-log event records. Names are stored as text: never rename one, only add. */
public enum LogEventType {
    // Interactions
    INTERACTION_CREATED(Category.INTERACTION),
    IVR_ENTERED(Category.INTERACTION),
    /** A node of an IVR flow was entered (flow, node, type): the IVR path. */
    IVR_STEP(Category.INTERACTION),
    /** What the caller typed at an IVR menu or collect (flow, node, digits, result); secret input masked. */
    IVR_INPUT(Category.INTERACTION),
    IVR_LEFT(Category.INTERACTION),
    QUEUED(Category.INTERACTION),
    REJECTED(Category.INTERACTION),
    OVERFLOWED(Category.INTERACTION),
    MAX_WAIT_REACHED(Category.INTERACTION),
    PRIORITY_CHANGED(Category.INTERACTION),
    OFFERED(Category.INTERACTION),
    OFFER_ACCEPTED(Category.INTERACTION),
    OFFER_DECLINED(Category.INTERACTION),
    OFFER_TIMED_OUT(Category.INTERACTION),
    OFFER_RESCINDED(Category.INTERACTION),
    CONNECTED(Category.INTERACTION),
    HELD(Category.INTERACTION),
    RESUMED(Category.INTERACTION),
    TRANSFERRED(Category.INTERACTION),
    ENDED(Category.INTERACTION),
    ABANDONED(Category.INTERACTION),
    FAILED(Category.INTERACTION),
    WRAP_UP_STARTED(Category.INTERACTION),
    WRAP_UP_ENDED(Category.INTERACTION),
    DISPOSITION(Category.INTERACTION),
    RECORDING_AVAILABLE(Category.INTERACTION),
    /**
     * Someone started playing one of the interaction's recordings (recordingId: the RECORDING_AVAILABLE event's
     * id, role, rangeStart; actor: the user). One per playback: requests that start at byte 0.
     */
    RECORDING_PLAYED(Category.INTERACTION),
    /** A recording was deleted after the retention period (recordingId, path, retention, recordedAt). */
    RECORDING_PURGED(Category.INTERACTION),
    CUSTOMER_IDENTIFIED(Category.INTERACTION),
    /** Web channels: a chat line or email came from the customer (message id; the text is in the transcript). */
    MESSAGE_RECEIVED(Category.INTERACTION),
    /** Web channels: an agent's chat line or email reply went out (message id, and for email the Message-ID). */
    MESSAGE_SENT(Category.INTERACTION),
    /** The customer rated the conversation at its end (score 1..5, comment). */
    SATISFACTION_RATED(Category.INTERACTION),
    /** A web callback call was placed to the customer (attempt, number, result: ANSWERED, NO_ANSWER, BUSY, FAILED). */
    CALLBACK_ATTEMPT(Category.INTERACTION),
    /** A campaign's dialled attempt is over: result, ring time, the campaign and the record (outbound dialer). */
    DIAL_ATTEMPT(Category.INTERACTION),
    /** What answering-machine detection decided on an answered campaign call, and what was done about it. */
    MACHINE_DETECTED(Category.INTERACTION),
    /** An agent's own call (dial-out) reached the customer or not (number, result: ANSWERED, BUSY, NO_ANSWER, AGENT_…, detail). */
    DIAL_OUT_RESULT(Category.INTERACTION),
    /**
     * A supervisor started monitoring the interaction (agentId: whose; supervisor; mode: LISTEN, WHISPER or BARGE on
     * a call, VIEW, WHISPER or JOIN on a chat).
     */
    MONITOR_STARTED(Category.INTERACTION),
    /** The supervisor switched mode while monitoring (supervisor, mode: the new one, previousMode). */
    MONITOR_MODE_CHANGED(Category.INTERACTION),
    /** The supervisor stopped monitoring (supervisor, mode at the end, reason; seconds joined on a call). */
    MONITOR_ENDED(Category.INTERACTION),
    // Agents
    AGENT_LOGGED_IN(Category.AGENT),
    AGENT_STATE_CHANGED(Category.AGENT),
    AGENT_LOGGED_OUT(Category.AGENT),
    /**
     * A preview campaign's step at an agent (campaignId, recordId, action: OFFERED, SKIPPED, CALLBACK, EXPIRED,
     * WITHDRAWN; callbackAt, reason); the dial itself is an OUTBOUND_VOICE interaction with its DIAL_ATTEMPT.
     */
    PREVIEW_ACTION(Category.AGENT),
    // Administration
    ADMIN_CHANGE(Category.ADMIN);

    public enum Category { INTERACTION, AGENT, ADMIN }

    private final Category category;

    LogEventType(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }
}
