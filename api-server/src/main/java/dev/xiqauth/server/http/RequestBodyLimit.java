package dev.xiqauth.server.http;

import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses a request body larger than the limit with 413, before any of it is parsed or any password
 * is hashed: at once when {@code Content-Length} says so, else (chunked bodies) as soon as the body
 * read so far passes the limit. At most the limit is ever held in memory.
 */
@PreMatching
public final class RequestBodyLimit implements ContainerRequestFilter, ReaderInterceptor {
    /** 64 KiB: a login body is a few hundred bytes. */
    public static final int DEFAULT_MAX_BYTES = HttpLimits.DEFAULT_MAX_BODY_BYTES;

    private final int maxBytes;

    public RequestBodyLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            throw tooLarge("Content-Length " + request.getLength());
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (declaredLength(context) >= 0) {
            return context.proceed(); // the container frames the body by its declared length, checked in filter()
        }
        InputStream body = context.getInputStream();
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw tooLarge("a body of more than " + maxBytes + " bytes");
        }
        context.setInputStream(new ByteArrayInputStream(bytes));
        return context.proceed();
    }

    private static long declaredLength(ReaderInterceptorContext context) {
        String length = context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException unreadable) {
            return -1;
        }
    }

    private ApiProblem tooLarge(String what) {
        return new ApiProblem(ErrorCode.PAYLOAD_TOO_LARGE, what + " is over the limit of " + maxBytes + " bytes");
    }
}
