package dev.xiqauth.guard;

import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.server.model.AnnotatedMethod;

/**
 * Binds a {@link RequiredPermissionsFilter} to every resource method that {@link RequiresPermissions} or
 * {@link RequiresAnyPermission} names permissions for, on the method (or the interface method it implements) or on
 * its class: every permission {@code RequiresPermissions} names on either, and one of each {@code
 * RequiresAnyPermission}'s.
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
        List<Set<String>> anyOf = new ArrayList<>();
        RequiresAnyPermission anyOnClass = resource.getResourceClass().getAnnotation(RequiresAnyPermission.class);
        if (anyOnClass != null) {
            anyOf.add(new LinkedHashSet<>(Arrays.asList(anyOnClass.value())));
        }
        RequiresAnyPermission anyOnMethod = new AnnotatedMethod(resource.getResourceMethod())
                .getAnnotation(RequiresAnyPermission.class);
        if (anyOnMethod != null) {
            anyOf.add(new LinkedHashSet<>(Arrays.asList(anyOnMethod.value())));
        }
        if (!required.isEmpty() || !anyOf.isEmpty()) {
            context.register(new RequiredPermissionsFilter(required, anyOf, errors));
        }
    }
}
