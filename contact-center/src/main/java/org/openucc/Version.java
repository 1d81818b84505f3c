package org.openucc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The product name and version, from {@code org/openucc/version.properties}, which Maven fills in
 * from the POM at build time: the version is written in exactly one place, {@code pom.xml}.
 */
public final class Version {
    public static final String NAME = "OpenUCC";
    private static final String RESOURCE = "/org/openucc/version.properties";
    private static final String VERSION = read();

    private Version() {
    }

    /** E.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when run from classes that Maven did not build. */
    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v; // not filtered: built outside Maven
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
