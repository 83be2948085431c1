package dev.xiqauth.server.docs;

import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code GET /docs}: Swagger UI showing the contract served at {@code /openapi.yaml}, with "Try it
 * out" against this server. Every file comes from this jar (Swagger UI's from its webjar), so the
 * page works without the internet; only the files named here are served. Not part of the XIQ
 * contract, and needs no token.
 */
@Path("docs")
public final class DocsResource {
    private static final String OWN_FILES = "/dev/xiqauth/server/docs/";
    private static final String WEBJAR_PROPERTIES = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final Map<String, String> SWAGGER_UI_FILES = Map.of(
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
            "swagger-ui.css", "text/css; charset=utf-8",
            "index.css", "text/css; charset=utf-8",
            "favicon-16x16.png", "image/png",
            "favicon-32x32.png", "image/png");
    private static final Map<String, String> OWN_ASSETS = Map.of(
            "swagger-initializer.js", "text/javascript; charset=utf-8");
    // Swagger UI sets styles inline; it runs no inline script and needs nothing from elsewhere.
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final String swaggerUiDirectory;

    private DocsResource(String swaggerUiDirectory) {
        this.swaggerUiDirectory = swaggerUiDirectory;
    }

    /**
     * @return the docs, serving the Swagger UI webjar on the class path
     * @throws IllegalStateException if there is none: the build is broken
     */
    public static DocsResource fromClassPath() {
        try (InputStream in = DocsResource.class.getResourceAsStream(WEBJAR_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("Swagger UI's webjar is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return new DocsResource("/META-INF/resources/webjars/swagger-ui/" + properties.getProperty("version") + "/");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Swagger UI's webjar", e);
        }
    }

    /**
     * @param uriInfo the request's URI, to redirect {@code /docs/} to {@code /docs}
     * @return Swagger UI's page
     */
    @GET
    public Response page(@Context UriInfo uriInfo) {
        // The page names its files relative to /docs; from /docs/ they would resolve one level down.
        String path = uriInfo.getPath(false);
        if (path.endsWith("/")) {
            // Relative (the application keeps it so), never built from the request's Host header: a
            // cached redirect cannot be pointed elsewhere, and a proxy's path prefix is kept.
            return Response.status(Response.Status.MOVED_PERMANENTLY).header(HttpHeaders.LOCATION, "../docs").build();
        }
        return file(OWN_FILES + "index.html", "text/html; charset=utf-8");
    }

    /**
     * @param name a file of the page
     * @return the file, if it is one of the page's
     * @throws ApiProblem (404) for any other name
     */
    @GET
    @Path("{file}")
    public Response asset(@PathParam("file") String name) {
        return Optional.ofNullable(OWN_ASSETS.get(name)).map(type -> file(OWN_FILES + name, type))
                .or(() -> Optional.ofNullable(SWAGGER_UI_FILES.get(name)).map(type -> file(swaggerUiDirectory + name, type)))
                .orElseThrow(() -> new ApiProblem(ErrorCode.NOT_FOUND, "no docs file " + name.length() + " chars long"));
    }

    private static Response file(String resource, String mediaType) {
        InputStream in = DocsResource.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the jar lacks " + resource);
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge(3_600);
        return Response.ok(in, mediaType).cacheControl(cache)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
