package org.openucc.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar openucc.jar hash-password [--cost N]}: asks for a password (twice on a terminal,
 * one line from standard input otherwise) and prints its bcrypt hash for a user's
 * {@code passwordHash} in the config. The password is not echoed, printed or kept.
 */
public final class HashPasswordCommand {
    public static final String NAME = "hash-password";
    public static final String USAGE = """
            usage: java -jar openucc.jar hash-password [--cost N]

              Reads a password (asked twice on a terminal, else one line from standard input) and
              prints its bcrypt hash for passwordHash in the users section of the configuration.
              --cost N   bcrypt cost 4..31 (default %d; each step doubles the work)
            """.formatted(PasswordHasher.DEFAULT_COST);

    private HashPasswordCommand() {
    }

    /** @return the process exit status: 0 printed a hash, 2 for bad arguments or input */
    public static int run(List<String> args, Console console, BufferedReader stdin, PrintStream out, PrintStream err) {
        int cost = PasswordHasher.DEFAULT_COST;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(USAGE);
                return 0;
            } else if (arg.equals("--cost") && i + 1 < args.size() && args.get(i + 1).matches("\\d{1,2}")) {
                cost = Integer.parseInt(args.get(++i));
            } else {
                err.println("unknown argument '" + arg + "'");
                err.print(USAGE);
                return 2;
            }
        }
        PasswordHasher hasher;
        try {
            hasher = new PasswordHasher(cost);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        char[] password = null;
        try {
            password = console != null ? fromTerminal(console, err) : fromInput(stdin, err);
            if (password == null) {
                return 2;
            }
            out.println(hasher.hash(password));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static char[] fromTerminal(Console console, PrintStream err) {
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            err.println("the passwords differ (or input ended); nothing was hashed");
            return null;
        }
        Arrays.fill(second, '\0');
        return first;
    }

    private static char[] fromInput(BufferedReader stdin, PrintStream err) {
        try {
            String line = stdin.readLine();
            if (line == null || line.isEmpty()) {
                err.println("no password on standard input; nothing was hashed");
                return null;
            }
            return line.toCharArray();
        } catch (IOException e) {
            err.println("cannot read standard input: " + e.getMessage());
            return null;
        }
    }
}
