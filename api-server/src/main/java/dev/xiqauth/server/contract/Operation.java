package dev.xiqauth.server.contract;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Optional;
import org.glassfish.jersey.server.model.AnnotatedMethod;

/**
 * An operation as the contract names it.
 *
 * @param method the HTTP method, upper case
 * @param path the path template, as in the contract's {@code paths}
 */
public record Operation(String method, String path) {

    /**
     * The operation a resource method serves, found from the JAX-RS annotations of the generated
     * interface it implements.
     *
     * @param resourceClass the resource class
     * @param method one of its methods
     * @return the operation, if the method is a resource method
     */
    public static Optional<Operation> servedBy(Class<?> resourceClass, Method method) {
        AnnotatedMethod annotated = new AnnotatedMethod(method);
        Optional<String> httpMethod = httpMethodOf(annotated);
        if (httpMethod.isEmpty()) {
            return Optional.empty();
        }
        String classPath = classPathOf(resourceClass);
        Path methodPath = annotated.getAnnotation(Path.class);
        String path = join(classPath, methodPath == null ? "" : methodPath.value());
        return Optional.of(new Operation(httpMethod.get(), path));
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

    @Override
    public String toString() {
        return method + " " + path;
    }
}
