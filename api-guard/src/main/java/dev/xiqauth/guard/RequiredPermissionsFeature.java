package dev.xiqauth.guard;

import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.glassfish.jersey.server.model.AnnotatedMethod;

/**
 * Binds a {@link RequiredPermissionsFilter} to every resource method that {@link RequiresPermissions} names
 * permissions for, on the method (or the interface method it implements) or on its class: the union of both.
 */
final class RequiredPermissionsFeature implements DynamicFeature {
    private final ErrorResponses errors;

    RequiredPermissionsFeature(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Set<String> required = new LinkedHashSet<>();
        RequiresPermissions onClass = resource.getResourceClass().getAnnotation(RequiresPermissions.class);
        if (onClass != null) {
            required.addAll(Arrays.asList(onClass.value()));
        }
        // Jersey's AnnotatedMethod also finds the annotation on the interface method a resource implements.
        RequiresPermissions onMethod = new AnnotatedMethod(resource.getResourceMethod())
                .getAnnotation(RequiresPermissions.class);
        if (onMethod != null) {
            required.addAll(Arrays.asList(onMethod.value()));
        }
        if (!required.isEmpty()) {
            context.register(new RequiredPermissionsFilter(required, errors));
        }
    }
}
