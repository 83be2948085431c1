package dev.xiqauth.server.config;

import static dev.xiqauth.server.config.Validation.require;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How tokens are issued and challenged.
 *
 * @param issuer the {@code iss} of tokens; when absent, the public URL
 * @param lifetime how long issued tokens are valid
 * @param realm the realm named in {@code WWW-Authenticate} challenges
 * @param signingKeyFile a file holding the signing key, when configured; otherwise the store's keys
 */
public record TokenIssuingSettings(Optional<String> issuer, Duration lifetime, String realm,
        Optional<Path> signingKeyFile) {

    public TokenIssuingSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(signingKeyFile, "signingKeyFile");
        require(!lifetime.isNegative() && !lifetime.isZero() && lifetime.getSeconds() <= Integer.MAX_VALUE,
                "--token-lifetime must be between 1 and " + Integer.MAX_VALUE + " seconds, got "
                        + lifetime.getSeconds());
        require(realm.matches("[\\x20-\\x7E&&[^\"\\\\]]+"),
                "--realm must be printable ASCII without quotes or backslashes");
    }

    /** @return tokens valid for a day, realm {@code xiq}, signed with the store's keys */
    public static TokenIssuingSettings defaults() {
        return new TokenIssuingSettings(Optional.empty(), Duration.ofDays(1), "xiq", Optional.empty());
    }

    /** @return these settings with the given issuer */
    public TokenIssuingSettings withIssuer(String newIssuer) {
        return new TokenIssuingSettings(Optional.ofNullable(newIssuer), lifetime, realm, signingKeyFile);
    }

    /** @return these settings with the given token lifetime */
    public TokenIssuingSettings withLifetime(Duration newLifetime) {
        return new TokenIssuingSettings(issuer, newLifetime, realm, signingKeyFile);
    }

    /**
     * @param publicUrl the URL clients reach the server at, when configured
     * @param boundPort the port actually listened on
     * @return the issuer of tokens: the configured one, else the public URL, else the local URL
     */
    public String issuerFor(Optional<URI> publicUrl, int boundPort) {
        return issuer.orElseGet(() -> publicUrl.map(URI::toString).orElse("http://localhost:" + boundPort));
    }
}
