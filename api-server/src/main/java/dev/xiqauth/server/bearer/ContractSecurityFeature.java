package dev.xiqauth.server.bearer;

import dev.xiqauth.server.audit.AuthMetrics;
import dev.xiqauth.server.contract.ContractSecurity;
import dev.xiqauth.server.contract.Operation;
import dev.xiqauth.server.permission.PermissionCatalogue;
import dev.xiqauth.server.permission.PermissionCheck;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Optional;
import java.util.Set;

/**
 * Guards exactly the resource methods whose operation the contract guards ({@link Operation#servedBy}):
 * the {@link BearerTokenFilter} in front of each that requires the Bearer scheme, and behind it a
 * {@link PermissionFilter} for the permissions its {@code x-xiq-permissions} names and the roles the permission
 * catalogue lists for it.
 */
public final class ContractSecurityFeature implements DynamicFeature {
    private final ContractSecurity security;
    private final PermissionCatalogue catalogue;
    private final BearerTokenFilter filter;
    private final String realm;
    private final AuthMetrics metrics;

    /**
     * @param security what the contract requires of each operation
     * @param catalogue the roles that may make each; it must list every operation that declares permissions
     *     ({@link PermissionCheck#ownEndpoint})
     * @param filter the bearer filter
     * @param realm the realm of the challenges
     * @param metrics where refusals are counted
     */
    public ContractSecurityFeature(ContractSecurity security, PermissionCatalogue catalogue, BearerTokenFilter filter,
            String realm, AuthMetrics metrics) {
        this.security = security;
        this.catalogue = catalogue;
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
            context.register(new PermissionFilter(required,
                    PermissionCheck.ownEndpoint(catalogue, operation.get()).roles(), realm, metrics));
        }
    }
}
