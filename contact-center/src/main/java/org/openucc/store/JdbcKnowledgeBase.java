package org.openucc.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openucc.board.KnowledgeArticle;
import org.openucc.board.KnowledgeBase;
import org.openucc.crm.Ids;

/**
 * {@link KnowledgeBase} over JDBC. Search is a LIKE per word over a lower-cased copy of title, body and
 * tags: enough for a library of hundreds of standard answers, and the same on H2 and PostgreSQL.
 */
public final class JdbcKnowledgeBase implements KnowledgeBase {
    private static final int MAX_WORDS = 8;
    private static final String COLUMNS = "id, title, body, tags, author, updated_at";

    private final Database db;
    private final Ids ids;
    private final InstantSource clock;

    public JdbcKnowledgeBase(Database db, InstantSource clock) {
        this.db = db;
        this.ids = new Ids(clock);
        this.clock = clock;
    }

    @Override
    public KnowledgeArticle add(String author, String title, String body, List<String> tags) {
        List<String> cleanTags = tags == null ? List.of() : tags.stream().map(String::strip)
                .filter(t -> !t.isEmpty()).map(t -> t.toLowerCase(Locale.ROOT)).distinct().toList();
        String id = ids.next("kb");
        Instant now = clock.instant();
        String tagText = String.join(",", cleanTags);
        return db.write("adding knowledge article '" + title + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO knowledge_article (" + COLUMNS
                    + ", search_text) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, title);
                ps.setString(3, body);
                ps.setString(4, tagText);
                ps.setString(5, author);
                Sql.setTime(ps, 6, now);
                ps.setString(7, (title + "\n" + body + "\n" + tagText).toLowerCase(Locale.ROOT));
                ps.executeUpdate();
            }
            return new KnowledgeArticle(id, title, body, cleanTags, author, now);
        });
    }

    @Override
    public List<KnowledgeArticle> search(String query, int limit) {
        List<String> words = query == null ? List.of() : Arrays.stream(query.toLowerCase(Locale.ROOT).split("\\s+"))
                .filter(w -> !w.isEmpty()).limit(MAX_WORDS).toList();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM knowledge_article");
        for (int i = 0; i < words.size(); i++) {
            sql.append(i == 0 ? " WHERE " : " AND ").append("search_text LIKE ? ESCAPE '\\'");
        }
        if (words.isEmpty()) {
            sql.append(" ORDER BY updated_at DESC, id DESC");
        } else {
            // Articles whose title has the first word come first.
            sql.append(" ORDER BY CASE WHEN LOWER(title) LIKE ? ESCAPE '\\' THEN 0 ELSE 1 END, updated_at DESC, id DESC");
        }
        sql.append(" LIMIT ?");
        return db.read("searching the knowledge base", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                for (String w : words) {
                    ps.setString(i++, contains(w));
                }
                if (!words.isEmpty()) {
                    ps.setString(i++, contains(words.get(0)));
                }
                ps.setInt(i, limit);
                List<KnowledgeArticle> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(article(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean isEmpty() {
        return db.read("counting knowledge articles", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM knowledge_article LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                return !rs.next();
            }
        });
    }

    /** A LIKE pattern for text containing {@code word}, its wildcards escaped. */
    private static String contains(String word) {
        return "%" + Sql.prefixPattern(word);
    }

    private static KnowledgeArticle article(ResultSet rs) throws SQLException {
        String tags = rs.getString("tags");
        return new KnowledgeArticle(rs.getString("id"), rs.getString("title"), rs.getString("body"),
                tags.isEmpty() ? List.of() : List.of(tags.split(",")), rs.getString("author"),
                Sql.time(rs, "updated_at"));
    }
}
