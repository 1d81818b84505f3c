package org.openucc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.openucc.board.Bulletin;
import org.openucc.board.BulletinBoard;
import org.openucc.crm.Ids;

/** {@link BulletinBoard} over JDBC. */
public final class JdbcBulletinBoard implements BulletinBoard {
    private final Database db;
    private final Ids ids;
    private final InstantSource clock;

    public JdbcBulletinBoard(Database db, InstantSource clock) {
        this.db = db;
        this.ids = new Ids(clock);
        this.clock = clock;
    }

    @Override
    public Bulletin post(String author, String text) {
        String id = ids.next("bul");
        Instant now = clock.instant();
        return db.write("posting a bulletin by " + author, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO bulletin (id, author, body, posted_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, author);
                ps.setString(3, text);
                Sql.setTime(ps, 4, now);
                ps.executeUpdate();
            }
            return new Bulletin(id, author, text, now);
        });
    }

    @Override
    public List<Bulletin> recent(int limit) {
        return db.read("reading the bulletin board", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, author, body, posted_at FROM bulletin ORDER BY posted_at DESC, id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                List<Bulletin> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Bulletin(rs.getString("id"), rs.getString("author"), rs.getString("body"),
                                Sql.time(rs, "posted_at")));
                    }
                }
                return out;
            }
        });
    }
}
