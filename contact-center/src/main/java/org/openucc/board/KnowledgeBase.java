package org.openucc.board;

import java.util.List;

/** The searchable library of standard answers (a port; the store implements it). Blocking. */
public interface KnowledgeBase {
    int MAX_TITLE = 200;
    int MAX_BODY = 20_000;
    int MAX_TAGS = 20;
    int MAX_TAG = 50;

    KnowledgeArticle add(String author, String title, String body, List<String> tags);

    /**
     * Articles whose title, body or tags contain every word of the query (case-insensitive), titles
     * matching first; a blank query lists the most recently changed.
     */
    List<KnowledgeArticle> search(String query, int limit);

    /** Whether there is no article at all (the demo data fills an empty knowledge base). */
    boolean isEmpty();
}
