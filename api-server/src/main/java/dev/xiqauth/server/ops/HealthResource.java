package dev.xiqauth.server.ops;

import dev.xiqauth.server.error.StoreUnavailableException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * Health for load balancers and orchestrators; not part of the XIQ contract and needs no token.
 * {@code live}: the process serves requests. {@code ready}: it can also reach its store, so it can
 * do useful work; while it cannot, the answer is a 503 {@code XiqError}.
 */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private static final Map<String, String> UP = Map.of("status", "UP");

    private final ReadinessCheck readiness;

    public HealthResource(ReadinessCheck readiness) {
        this.readiness = readiness;
    }

    /** @return {@code {"status":"UP"}}: the process serves requests */
    @GET
    @Path("live")
    public Map<String, String> live() {
        return UP;
    }

    /**
     * @return {@code {"status":"UP"}} while the store answers
     * @throws dev.xiqauth.server.error.StoreUnavailableException (503) while it does not
     */
    @GET
    @Path("ready")
    public Map<String, String> ready() {
        if (!readiness.ready()) {
            throw new StoreUnavailableException("not ready: the store does not answer");
        }
        return UP;
    }
}
