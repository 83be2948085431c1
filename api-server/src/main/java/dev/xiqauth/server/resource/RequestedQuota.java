package dev.xiqauth.server.resource;

import dev.xiqauth.api.model.XiqRateLimitPolicy;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.ratelimit.RateLimitPolicy;
import java.util.Optional;
import java.util.OptionalLong;

/** The {@code rate_limit} a login or an API token asks for, as the services take it. */
final class RequestedQuota {
    private RequestedQuota() {
    }

    /**
     * @return the policy asked for; empty when the request names none, so that the default applies
     * @throws ApiProblem {@code 400} for a quota that is not positive
     */
    static Optional<RateLimitPolicy> of(XiqRateLimitPolicy asked) {
        if (asked == null) {
            return Optional.empty();
        }
        if (asked.getHour() == null || asked.getHour() < 1 || asked.getSecond() != null && asked.getSecond() < 1) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "rate_limit values must be positive");
        }
        return Optional.of(new RateLimitPolicy(asked.getHour(),
                asked.getSecond() == null ? OptionalLong.empty() : OptionalLong.of(asked.getSecond())));
    }
}
