package dev.xiqauth.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.xiqauth.api.model.XiqError;
import java.util.Optional;

/**
 * The {@link XiqError} of a failed call. The generated client types the error body only for the
 * statuses an operation documents; this reads it for any status (404, 405, 413, 429...), since the
 * server answers every error with one.
 */
public final class XiqErrors {
    private static final ObjectReader ERROR_READER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readerFor(XiqError.class);

    private XiqErrors() {
    }

    /**
     * @param failure what a call of the generated API threw
     * @return the server's error body, or empty if the failure carries none (for example a
     *     connection error)
     */
    public static Optional<XiqError> of(ApiException failure) {
        if (failure.getErrorEntity() instanceof XiqError error) {
            return Optional.of(error);
        }
        String body = failure.getResponseBody();
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ERROR_READER.readValue(body));
        } catch (JsonProcessingException notAnXiqError) {
            return Optional.empty();
        }
    }
}
