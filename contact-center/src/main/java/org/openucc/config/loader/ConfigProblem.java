package org.openucc.config.loader;

/**
 * One thing wrong with the configuration, pointing at where it is written.
 *
 * @param file   the config file as given (or {@code environment} / {@code command line})
 * @param line   1-based line, 0 when the problem has no position (a missing file, an environment variable)
 * @param column 1-based column, 0 when unknown
 */
public record ConfigProblem(String file, int line, int column, String message) implements Comparable<ConfigProblem> {

    /** {@code file:line:column: message}, the form editors and terminals turn into links. */
    @Override
    public String toString() {
        if (line <= 0) {
            return file + ": " + message;
        }
        return file + ":" + line + ":" + column + ": " + message;
    }

    @Override
    public int compareTo(ConfigProblem o) {
        int c = file.compareTo(o.file);
        if (c == 0) {
            c = Integer.compare(line, o.line);
        }
        if (c == 0) {
            c = Integer.compare(column, o.column);
        }
        return c == 0 ? message.compareTo(o.message) : c;
    }
}
