package dev.xiqauth.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets come from the environment, never from the command line (where every user of the machine
 * can read them): {@code NAME} holds the value, or {@code NAME_FILE} names a file holding it, as
 * container secrets are mounted. A trailing line break in a file is not part of the secret.
 */
public final class Secrets {
    private final Map<String, String> environment;

    public Secrets(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * @param name the variable's name
     * @return the secret, if set
     * @throws IllegalArgumentException if both {@code NAME} and {@code NAME_FILE} are set
     * @throws UncheckedIOException if the named file cannot be read
     */
    public Optional<String> get(String name) {
        String value = environment.get(name);
        String file = environment.get(name + "_FILE");
        if (value != null && file != null) {
            throw new IllegalArgumentException("set either " + name + " or " + name + "_FILE, not both");
        }
        if (file != null) {
            try {
                return Optional.of(withoutFinalLineBreak(Files.readString(Path.of(file), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(name + "_FILE names a file that cannot be read: " + file, e);
            }
        }
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }

    /** Editors end a file with a line break; a password may end with spaces, which are kept. */
    private static String withoutFinalLineBreak(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
