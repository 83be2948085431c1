package dev.xiqauth.server.login;

import dev.xiqauth.api.model.XiqLoginRequest;
import dev.xiqauth.api.model.XiqRateLimitPolicy;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.user.Usernames;

/**
 * The limits the contract puts on a login body that JSON mapping alone does not enforce: lengths of
 * username and password, and positive rate limits. They are checked before any password work, the
 * same way for every username, so they tell nothing about which users exist.
 *
 * @param maxUsernameLength the contract's {@code maxLength} of {@code username}
 * @param maxPasswordLength the contract's {@code maxLength} of {@code password}
 */
public record LoginRequestLimits(int maxUsernameLength, int maxPasswordLength) {
    /** The limits written in the contract. */
    public static final LoginRequestLimits CONTRACT = new LoginRequestLimits(Usernames.MAX_LENGTH, 1024);

    public void check(XiqLoginRequest request) {
        checkLength("username", request.getUsername(), maxUsernameLength);
        checkLength("password", request.getPassword(), maxPasswordLength);
        XiqRateLimitPolicy rateLimit = request.getRateLimit();
        if (rateLimit != null && (rateLimit.getHour() < 1 || rateLimit.getSecond() != null && rateLimit.getSecond() < 1)) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, "rate_limit values must be positive");
        }
    }

    private static void checkLength(String field, String value, int max) {
        // JSON Schema counts characters, not UTF-16 units: an emoji is one.
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > max) {
            throw new ApiProblem(ErrorCode.MALFORMED_REQUEST, field + " length " + length + " is outside 1.." + max);
        }
    }
}
