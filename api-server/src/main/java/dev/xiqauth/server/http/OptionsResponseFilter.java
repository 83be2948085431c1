package dev.xiqauth.server.http;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

/**
 * Jersey answers {@code OPTIONS} itself, with a {@code text/plain} list of methods or an empty
 * {@code text/html} body, depending on {@code Accept}. The {@code Allow} header already says it all,
 * and this server never answers in plain text or HTML: the body is dropped, leaving a 204 with
 * {@code Allow}.
 */
public final class OptionsResponseFilter implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (HttpMethod.OPTIONS.equals(request.getMethod()) && response.getStatus() == Status.OK.getStatusCode()
                && isTextOrHtml(response.getMediaType())) {
            response.setEntity(null);
            response.getHeaders().remove("Content-Type");
            response.setStatus(Status.NO_CONTENT.getStatusCode());
        }
    }

    private static boolean isTextOrHtml(MediaType type) {
        return type != null && (MediaType.TEXT_PLAIN_TYPE.isCompatible(type) || MediaType.TEXT_HTML_TYPE.isCompatible(type));
    }
}
