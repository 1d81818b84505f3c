package org.openucc.board;

import java.util.List;

/** The bulletin board agents see in their console (a port; the store implements it). Blocking. */
public interface BulletinBoard {
    /** Longest bulletin, in characters. */
    int MAX_TEXT = 2000;

    Bulletin post(String author, String text);

    /** The newest first, at most {@code limit}. */
    List<Bulletin> recent(int limit);
}
