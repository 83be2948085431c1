package dev.xiqauth.server.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed fact that one filter learns about a request and later filters or the resource read: the
 * client's address, a quota decision, when the request began. Reading a fact nobody set is a wiring
 * mistake, and fails loudly instead of giving {@code "null"}.
 *
 * @param <T> the fact's type
 */
public final class RequestAttribute<T> {
    private final String name;
    private final Class<T> type;

    private RequestAttribute(String name, Class<T> type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * @param name the request property that holds it, unique to the server
     * @param type its type
     * @return the attribute
     */
    public static <T> RequestAttribute<T> named(String name, Class<T> type) {
        return new RequestAttribute<>(name, type);
    }

    /**
     * @param request the request
     * @param value its fact
     */
    public void set(ContainerRequestContext request, T value) {
        request.setProperty(name, Objects.requireNonNull(value, name));
    }

    /**
     * @param request the request
     * @return its fact, if one was set
     */
    public Optional<T> find(ContainerRequestContext request) {
        Object value = request.getProperty(name);
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }

    /**
     * @param request the request
     * @return its fact
     * @throws IllegalStateException if none was set: the filter that sets it did not run
     */
    public T get(ContainerRequestContext request) {
        return find(request).orElseThrow(() -> new IllegalStateException("the request has no " + name
                + ": the filter that sets it is not registered"));
    }
}
