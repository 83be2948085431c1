package dev.xiqauth.server.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The contract this server was built from, exactly as it is in the repository at that commit: the
 * build copies {@code openapi/authentication.yaml} into the jar.
 */
public final class ContractDocument {
    /** Where the build puts the contract on the class path. */
    public static final String RESOURCE = "/dev/xiqauth/server/openapi/authentication.yaml";

    private final byte[] bytes;

    private ContractDocument(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @return the packaged contract
     * @throws IllegalStateException if the jar holds none: the build is broken
     */
    public static ContractDocument packaged() {
        try (InputStream in = ContractDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the contract " + RESOURCE + " is not on the class path");
            }
            return new ContractDocument(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged contract", e);
        }
    }

    /**
     * @return its {@code info.version}, the version of the contract this server implements
     * @throws IllegalStateException if the contract names none
     */
    public String version() {
        try {
            JsonNode version = new ObjectMapper(new YAMLFactory()).readTree(bytes).path("info").path("version");
            if (!version.isTextual() || version.asText().isBlank()) {
                throw new IllegalStateException("the contract " + RESOURCE + " has no info.version");
            }
            return version.asText();
        } catch (IOException e) {
            throw new UncheckedIOException("the packaged contract is not YAML", e);
        }
    }

    /** @return a copy of its bytes */
    public byte[] bytes() {
        return bytes.clone();
    }
}
