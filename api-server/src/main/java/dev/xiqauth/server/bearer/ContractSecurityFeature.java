package dev.xiqauth.server.bearer;

import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.contract.ContractSecurity;
import dev.xiqauth.server.contract.Operation;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Optional;
import java.util.Set;

/**
 * Guards exactly the resource methods whose operation the contract guards ({@link Operation#servedBy}):
 * the {@link BearerTokenFilter} in front of each that requires the Bearer scheme, and behind it a
 * {@link PermissionFilter} for the permissions its {@code x-xiq-permissions} names.
 */
public final class ContractSecurityFeature implements DynamicFeature {
    private final ContractSecurity security;
    private final BearerTokenFilter filter;
    private final String realm;
    private final AuthMetrics metrics;

    public ContractSecurityFeature(ContractSecurity security, BearerTokenFilter filter, String realm,
            AuthMetrics metrics) {
        this.security = security;
        this.filter = filter;
        this.realm = realm;
        this.metrics = metrics;
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Optional<Operation> operation = Operation.servedBy(resourceInfo.getResourceClass(),
                resourceInfo.getResourceMethod()).filter(security::requiresBearer);
        if (operation.isEmpty()) {
            return;
        }
        context.register(security.countsQuota(operation.get()) ? filter : filter.withoutQuota());
        Set<String> required = security.requiredPermissions(operation.get());
        if (!required.isEmpty()) {
            context.register(new PermissionFilter(required, realm, metrics));
        }
    }
}
