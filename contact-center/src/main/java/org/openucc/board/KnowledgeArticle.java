package org.openucc.board;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A standard answer in the knowledge base, shared by every agent. */
public record KnowledgeArticle(String id, String title, String body, List<String> tags, String author,
                               Instant updatedAt) {
    public KnowledgeArticle {
        Objects.requireNonNull(id, "article id");
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
