package dev.xiqauth.server.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build keeps the contract and what is checked against it. */
public final class ContractFiles {
    private ContractFiles() {
    }

    /** @return {@code openapi/authentication.yaml}, from the module's directory (where tests run) */
    public static Path spec() {
        return existing(Path.of(System.getProperty("xiq.spec", "../openapi/authentication.yaml")));
    }

    /** @return the repository's root */
    public static Path repositoryRoot() {
        return spec().toAbsolutePath().normalize().getParent().getParent();
    }

    private static Path existing(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no contract at " + path.toAbsolutePath());
        }
        return path;
    }
}
