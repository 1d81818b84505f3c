package org.openucc.ivr.flow;

/** Where something is written in a flow file; shown as {@code file:line:column}. */
public record Source(String file, int line, int column) {
    public static final Source NONE = new Source("(code)", 0, 0);

    /** The same line, {@code chars} columns further (a position inside a one-line value). */
    public Source shift(int chars) {
        return new Source(file, line, column + chars);
    }

    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
