package dev.xiqauth.server.auth;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Optional;
import org.glassfish.jersey.server.model.AnnotatedMethod;

/**
 * Puts the {@link BearerTokenFilter} in front of exactly the resource methods whose operation the
 * contract guards with the Bearer scheme. The operation of a resource method is found from the
 * JAX-RS annotations of the generated interface it implements.
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
        operationOf(resourceInfo.getResourceClass(), resourceInfo.getResourceMethod())
                .filter(security::requiresBearer)
                .ifPresent(operation -> context.register(filter));
    }

    /**
     * @return the contract operation a resource method serves, if it is a resource method
     */
    static Optional<ContractSecurity.Operation> operationOf(Class<?> resourceClass, Method method) {
        AnnotatedMethod annotated = new AnnotatedMethod(method);
        Optional<String> httpMethod = httpMethodOf(annotated);
        if (httpMethod.isEmpty()) {
            return Optional.empty();
        }
        String classPath = classPathOf(resourceClass);
        Path methodPath = annotated.getAnnotation(Path.class);
        String path = join(classPath, methodPath == null ? "" : methodPath.value());
        return Optional.of(new ContractSecurity.Operation(httpMethod.get(), path));
    }

    private static Optional<String> httpMethodOf(AnnotatedMethod method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod httpMethod = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (httpMethod != null) {
                return Optional.of(httpMethod.value());
            }
        }
        return Optional.empty();
    }

    private static String classPathOf(Class<?> resourceClass) {
        for (Class<?> type = resourceClass; type != null; type = type.getSuperclass()) {
            if (type.isAnnotationPresent(Path.class)) {
                return type.getAnnotation(Path.class).value();
            }
            for (Class<?> implemented : type.getInterfaces()) {
                if (implemented.isAnnotationPresent(Path.class)) {
                    return implemented.getAnnotation(Path.class).value();
                }
            }
        }
        return "";
    }

    private static String join(String classPath, String methodPath) {
        String joined = ("/" + classPath + "/" + methodPath).replaceAll("/{2,}", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
