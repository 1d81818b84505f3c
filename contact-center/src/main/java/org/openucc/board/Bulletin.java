package org.openucc.board;

import java.time.Instant;
import java.util.Objects;

/** A message a supervisor posted to every agent's bulletin board. */
public record Bulletin(String id, String author, String text, Instant postedAt) {
    public Bulletin {
        Objects.requireNonNull(id, "bulletin id");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
    }
}
