package dev.xiqauth.server.admin;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a new password for an admin command: from the terminal without echo, asked twice, or, when
 * standard input is not a terminal, from it (for scripts: {@code printf '%s\n' "$PW" | ...}).
 * Never from the command line, where every user of the machine can read it.
 *
 * <p>Standard input is taken exactly, so that the password stored is the one the script meant, or none:
 * <ul>
 *   <li>it must be UTF-8; bytes that are not are refused, not replaced;</li>
 *   <li>the password is its first line, every character of it, spaces and tabs included;</li>
 *   <li>that line may end with LF, or CRLF (a file saved on Windows), or with the end of the input;</li>
 *   <li>a carriage return anywhere else (inside the line, or at its end without an LF) is refused: cutting
 *       the password there, as reading a line would, stores a shorter password than the one given;</li>
 *   <li>anything after the line ending is refused, a second line or a mere empty one: the input is one
 *       password, and a second line would otherwise be dropped without a word;</li>
 *   <li>a leading byte order mark is refused rather than made the password's first character;</li>
 *   <li>the password has 1 to 1024 characters (Unicode code points, as the contract counts a login's);
 *       at most that much input is read, so a longer one is refused without reading it all.</li>
 * </ul>
 * No message repeats any of the input.
 */
public final class PasswordReader {
    /** The contract's {@code maxLength} of a login's {@code password}, in characters. */
    private static final int MAX_LENGTH = 1024;
    /** UTF-8 takes at most 4 bytes a character; CRLF 2. */
    private static final int MAX_INPUT_BYTES = 4 * MAX_LENGTH + 2;

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
     * @throws AdminException if none is given, the two entries differ, or standard input is not exactly
     *     one password as the class describes
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
        return checked(firstLine(readBounded()));
    }

    /** @return standard input, at most one longest password and its line ending, decoded strictly */
    private String readBounded() {
        byte[] bytes;
        try {
            bytes = stdin.readNBytes(MAX_INPUT_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password from standard input", e);
        }
        if (bytes.length > MAX_INPUT_BYTES) {
            throw new AdminException("standard input is longer than a password of at most " + MAX_LENGTH
                    + " characters and its line ending");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AdminException("standard input is not valid UTF-8: give the password in UTF-8");
        }
    }

    private static String firstLine(String input) {
        if (input.startsWith("\uFEFF")) {
            throw new AdminException("standard input starts with a byte order mark (U+FEFF): save the password "
                    + "without it");
        }
        int end = 0;
        while (end < input.length() && input.charAt(end) != '\n' && input.charAt(end) != '\r') {
            end++;
        }
        int next = end;
        if (end < input.length()) {
            if (input.charAt(end) == '\r' && (end + 1 == input.length() || input.charAt(end + 1) != '\n')) {
                throw new AdminException("the password holds a carriage return (CR) that does not end its line: "
                        + "a line on standard input ends with LF or CRLF only");
            }
            next = input.charAt(end) == '\r' ? end + 2 : end + 1;
        }
        if (next < input.length()) {
            throw new AdminException("standard input holds more than one line: give the password alone, on one "
                    + "line");
        }
        return input.substring(0, end);
    }

    private static String checked(String password) {
        if (password.isEmpty()) {
            throw new AdminException("no password given on standard input or the terminal");
        }
        if (password.codePointCount(0, password.length()) > MAX_LENGTH) {
            throw new AdminException("the password is longer than " + MAX_LENGTH + " characters");
        }
        return password;
    }

    private static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }
}
