package org.openucc.cti;

import org.openucc.board.Bulletin;

/** A supervisor view that shows the bulletin board as agents see it: told of each bulletin posted. */
public interface BulletinSubscriber {
    void bulletin(Bulletin bulletin);
}
