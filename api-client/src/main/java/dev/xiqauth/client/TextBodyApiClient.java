package dev.xiqauth.client;

import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The generated {@link ApiClient}, sending a {@code String} body of media type {@code text/plain} as it is.
 * The generated one puts every {@code String} body in JSON quotes whatever its media type
 * (openapi-generator issue 10362), so {@code validateApiToken} would send {@code "eyJ..."}, quotes
 * included, as its {@code text/plain} token. And where an operation takes {@code text/plain} beside JSON
 * ({@code validateApiToken} takes XIQ's Postman collection's JSON too), it sends text, as XIQ's SDK does.
 */
final class TextBodyApiClient extends ApiClient {
    @Override
    public String selectHeaderContentType(String... contentTypes) {
        for (String contentType : contentTypes) {
            if (MediaType.TEXT_PLAIN.equals(contentType)) {
                return contentType;
            }
        }
        return super.selectHeaderContentType(contentTypes);
    }

    @Override
    public Entity<?> serialize(Object body, Map<String, Object> formParams, String contentType, boolean isBodyNullable)
            throws ApiException {
        if (body instanceof String text && MediaType.valueOf(contentType).isCompatible(MediaType.TEXT_PLAIN_TYPE)) {
            return Entity.entity(text, contentType);
        }
        return super.serialize(body, formParams, contentType, isBodyNullable);
    }
}
