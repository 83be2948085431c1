package dev.xiqauth.server.docs;

import dev.xiqauth.server.contract.ContractDocument;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * {@code GET /openapi.yaml}: the contract the server was built from, byte for byte. Not part of the
 * XIQ contract, and needs no token.
 */
@Path("openapi.yaml")
public final class ContractResource {
    /** The media type of YAML (RFC 9512). */
    public static final String APPLICATION_YAML = "application/yaml";

    private final ContractDocument contract;

    public ContractResource(ContractDocument contract) {
        this.contract = contract;
    }

    /** @return the contract's bytes, as the repository holds them */
    @GET
    @Produces(APPLICATION_YAML)
    public byte[] contract() {
        return contract.bytes();
    }
}
