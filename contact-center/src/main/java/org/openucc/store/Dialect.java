package org.openucc.store;

import java.util.Locale;

/** The databases the store is tested against; SQL is portable, only durability and indexes differ. */
public enum Dialect {
    H2("h2"),
    POSTGRESQL("postgresql"),
    OTHER(null);

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** The folder under {@code db/store/} with migrations only this database needs; null if none. */
    public String migrationFolder() {
        return migrationFolder;
    }

    static Dialect of(String productName) {
        String p = productName.toLowerCase(Locale.ROOT);
        if (p.contains("h2")) {
            return H2;
        }
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        return OTHER;
    }
}
