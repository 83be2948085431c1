package dev.xiqauth.server.auth;

import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import dev.xiqauth.server.user.PasswordHasher;
import dev.xiqauth.server.user.User;
import dev.xiqauth.server.user.UserDirectory;
import java.util.Optional;

/**
 * Checks a username and password and issues an access token.
 *
 * <p>OWASP ASVS 2.2 and the login failure guidance: an unknown user, a disabled user and a wrong
 * password all fail with the same {@code INVALID_CREDENTIALS} answer, and all cost the same hash
 * work. An unknown user's password is checked against a decoy hash made with the same parameters,
 * so the time taken does not tell whether the user exists.
 *
 * <p>A hash made with weaker parameters than the configured ones is replaced on the next successful
 * login, while the password is at hand.
 */
public final class LoginService {
    private final UserDirectory users;
    private final PasswordHasher hasher;
    private final AccessTokenService tokens;
    private final String decoyHash;

    public LoginService(UserDirectory users, PasswordHasher hasher, AccessTokenService tokens) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.decoyHash = hasher.hash("decoy password of a user who does not exist");
    }

    /**
     * @param username the login name, in any case
     * @param password the password, compared in full
     * @return a new token for the user
     * @throws ApiProblem {@code INVALID_CREDENTIALS} for any failure, whatever its cause
     */
    public IssuedToken login(String username, String password) {
        Optional<User> found = users.findByUsername(username);
        boolean passwordMatches = hasher.verify(found.map(User::passwordHash).orElse(decoyHash), password);
        if (found.isEmpty()) {
            throw failed("unknown user");
        }
        User user = found.get();
        if (!passwordMatches) {
            throw failed("wrong password for user_id " + user.userId());
        }
        if (!user.enabled()) {
            throw failed("disabled user_id " + user.userId());
        }
        if (hasher.needsRehash(user.passwordHash())) {
            users.upgradeHash(user.userId(), user.passwordHash(), hasher.hash(password));
        }
        return tokens.issue(user);
    }

    private static ApiProblem failed(String logDetail) {
        return new ApiProblem(ErrorCode.INVALID_CREDENTIALS, "login failed: " + logDetail);
    }
}
