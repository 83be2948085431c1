package dev.xiqauth.server.apitoken;

import dev.xiqauth.server.token.ApiTokenRecord;
import dev.xiqauth.server.token.IssuedApiToken;

/**
 * An API token just generated and recorded.
 *
 * @param issued the token, to hand to its creator once
 * @param record what the store keeps of it
 */
public record GeneratedApiToken(IssuedApiToken issued, ApiTokenRecord record) {
}
