package dev.xiqauth.server.bearer;

import dev.xiqauth.server.contract.ContractSecurity;
import dev.xiqauth.server.contract.Operation;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

/**
 * Puts the {@link BearerTokenFilter} in front of exactly the resource methods whose operation the
 * contract guards with the Bearer scheme ({@link Operation#servedBy}).
 */
public final class ContractSecurityFeature implements DynamicFeature {
    private final ContractSecurity security;
    private final BearerTokenFilter filter;

    public ContractSecurityFeature(ContractSecurity security, BearerTokenFilter filter) {
        this.security = security;
        this.filter = filter;
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Operation.servedBy(resourceInfo.getResourceClass(), resourceInfo.getResourceMethod())
                .filter(security::requiresBearer)
                .ifPresent(operation -> context.register(filter));
    }
}
