package dev.xiqauth.server.resource;

import dev.xiqauth.api.model.XiqRateLimitPolicy;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import java.util.Optional;
import java.util.OptionalLong;

/** The {@code rate_limit} a login or an API token asks for, as the services take it. */
final class RequestedQuota {
    private RequestedQuota() {
    }

    /** @return the policy asked for; empty when the request names none, so that the default applies */
    static Optional<RateLimitPolicy> of(XiqRateLimitPolicy asked) {
        return asked == null ? Optional.empty() : Optional.of(new RateLimitPolicy(asked.getHour(),
                asked.getSecond() == null ? OptionalLong.empty() : OptionalLong.of(asked.getSecond())));
    }
}
