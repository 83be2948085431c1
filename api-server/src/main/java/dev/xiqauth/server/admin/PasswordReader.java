package dev.xiqauth.server.admin;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a new password for an admin command: from the terminal without echo, asked twice, or, when
 * standard input is not a terminal, as one line of it (for scripts: {@code printf '%s\n' "$PW" | ...}).
 * Never from the command line, where every user of the machine can read it.
 */
public final class PasswordReader {
    private final Console console;
    private final InputStream stdin;
    private final PrintStream prompts;

    /**
     * @param console the terminal, or {@code null} when there is none
     * @param stdin standard input
     * @param prompts where prompts go
     */
    public PasswordReader(Console console, InputStream stdin, PrintStream prompts) {
        this.console = console;
        this.stdin = stdin;
        this.prompts = prompts;
    }

    /**
     * @param username whose password it is, for the prompt
     * @return the password
     * @throws AdminException if none is given, or the two entries differ
     */
    public String read(String username) {
        if (console != null) {
            char[] first = console.readPassword("New password for %s: ", username);
            char[] second = console.readPassword("Repeat it: ");
            try {
                if (first == null || second == null || !Arrays.equals(first, second)) {
                    throw new AdminException("the two passwords differ");
                }
                return checked(new String(first));
            } finally {
                wipe(first);
                wipe(second);
            }
        }
        prompts.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            return checked(line == null ? "" : line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password from standard input", e);
        }
    }

    private static String checked(String password) {
        if (password.isEmpty()) {
            throw new AdminException("no password given on standard input or the terminal");
        }
        if (password.length() > 1024) {
            throw new AdminException("the password is longer than 1024 characters");
        }
        return password;
    }

    private static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }
}
