package dev.xiqauth.server.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The (operation, status) pairs whose responses were validated against the contract during the
 * build, one line each ({@code POST /login 200}) in the file the build names with the system
 * property {@value #PROPERTY}; the build deletes it before the tests run. Without the property
 * (a test run from an IDE) nothing is recorded.
 */
public final class ContractLedger {
    /** The system property naming the ledger file. */
    public static final String PROPERTY = "xiq.contract.ledger";

    private final Optional<Path> file;

    public ContractLedger(Optional<Path> file) {
        this.file = file;
    }

    /** @return the ledger the build configured, if any */
    public static ContractLedger configured() {
        return new ContractLedger(Optional.ofNullable(System.getProperty(PROPERTY)).map(Path::of));
    }

    /** @return the ledger's file, if any */
    public Optional<Path> file() {
        return file;
    }

    synchronized void record(String method, String path, int status) {
        if (file.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(file.get().toAbsolutePath().getParent());
            Files.writeString(file.get(), line(method, path, status) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the contract ledger " + file.get(), e);
        }
    }

    /** @return every pair recorded, as lines */
    public Set<String> recorded() {
        if (file.isEmpty() || !Files.exists(file.get())) {
            return Set.of();
        }
        try {
            return new TreeSet<>(Files.readAllLines(file.get(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the contract ledger " + file.get(), e);
        }
    }

    static String line(String method, String path, int status) {
        return method.toUpperCase(Locale.ROOT) + " " + path + " " + status;
    }
}
