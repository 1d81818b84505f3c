package org.openucc.http.cti;

import org.openucc.json.JsonFields;

/**
 * A message a console sent: its {@code type}, the optional {@code id} the console uses to match the
 * answer (echoed in the ack or error), and the rest of its fields, read with {@link JsonFields}.
 */
record InboundMessage(String type, String id, JsonFields fields) {
    /** Longest text message a console may send; larger ones are refused before parsing. */
    static final int MAX_LENGTH = 64 * 1024;

    static InboundMessage parse(String text) {
        JsonFields f = JsonFields.parse(text);
        String id = f.scalarText("id", 64);
        String type = f.text("type", true, 40);
        if (type == null) {
            f.end(); // throws: names the missing type (and anything else wrong)
        }
        return new InboundMessage(type, id, f);
    }

    String interactionId() {
        return fields.text("interactionId", true, 100);
    }
}
