package dev.xiqauth.guard;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import java.io.IOException;
import java.util.Map;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * Enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} with Jersey's own
 * {@link RolesAllowedDynamicFeature}, reading the caller's role from the security context the guard set; only
 * its refusals are answered differently: with the guard's {@code 403 ACCESS_DENIED} {@code XiqError} instead of
 * the bare {@link ForbiddenException} Jersey's filter throws, which the service's own exception mappers would
 * otherwise render.
 *
 * <p>Jersey's feature registers one filter instance per resource method it guards; this hands it a
 * {@link FeatureContext} that wraps each such filter. Should a later Jersey register anything else, the guard
 * fails at start rather than leave its refusals to chance.
 */
final class RolesAllowedFeature implements DynamicFeature {
    private final RolesAllowedDynamicFeature jersey = new RolesAllowedDynamicFeature();
    private final ErrorResponses errors;

    RolesAllowedFeature(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        jersey.configure(resource, new WrappingContext(context, errors));
    }

    /** Jersey's roles filter, its refusals answered with the guard's 403. */
    @Priority(Priorities.AUTHORIZATION)
    private static final class RefusalAsAccessDenied implements ContainerRequestFilter {
        private final ContainerRequestFilter jerseys;
        private final ErrorResponses errors;

        RefusalAsAccessDenied(ContainerRequestFilter jerseys, ErrorResponses errors) {
            this.jerseys = jerseys;
            this.errors = errors;
        }

        @Override
        public void filter(ContainerRequestContext request) throws IOException {
            try {
                jerseys.filter(request);
            } catch (ForbiddenException refused) {
                String role = request.getSecurityContext().getUserPrincipal() instanceof XiqPrincipal caller
                        ? caller.role() : "none";
                request.abortWith(errors.accessDenied("the role " + role + " is not allowed (@RolesAllowed/@DenyAll)"));
            }
        }
    }

    /** The context Jersey's feature registers its filters in: each filter instance is wrapped, nothing else taken. */
    private static final class WrappingContext implements FeatureContext {
        private final FeatureContext context;
        private final ErrorResponses errors;

        WrappingContext(FeatureContext context, ErrorResponses errors) {
            this.context = context;
            this.errors = errors;
        }

        @Override
        public FeatureContext register(Object component) {
            if (!(component instanceof ContainerRequestFilter filter)) {
                throw unexpected(component.getClass());
            }
            context.register(new RefusalAsAccessDenied(filter, errors));
            return this;
        }

        @Override
        public Configuration getConfiguration() {
            return context.getConfiguration();
        }

        @Override
        public FeatureContext property(String name, Object value) {
            context.property(name, value);
            return this;
        }

        @Override
        public FeatureContext register(Class<?> componentClass) {
            throw unexpected(componentClass);
        }

        @Override
        public FeatureContext register(Class<?> componentClass, int priority) {
            throw unexpected(componentClass);
        }

        @Override
        public FeatureContext register(Class<?> componentClass, Class<?>... contracts) {
            throw unexpected(componentClass);
        }

        @Override
        public FeatureContext register(Class<?> componentClass, Map<Class<?>, Integer> contracts) {
            throw unexpected(componentClass);
        }

        @Override
        public FeatureContext register(Object component, int priority) {
            throw unexpected(component.getClass());
        }

        @Override
        public FeatureContext register(Object component, Class<?>... contracts) {
            throw unexpected(component.getClass());
        }

        @Override
        public FeatureContext register(Object component, Map<Class<?>, Integer> contracts) {
            throw unexpected(component.getClass());
        }

        private static IllegalStateException unexpected(Class<?> component) {
            return new IllegalStateException("RolesAllowedDynamicFeature registered " + component.getName()
                    + " in a way XiqTokenGuard does not wrap; its refusals would not be answered as XiqErrors");
        }
    }
}
