package dev.xiqauth.server.user;

/**
 * Computes and checks password hashes. Implementations compare in constant time and never log or
 * keep the password.
 */
public interface PasswordHasher {

    /** @return the encoded hash of the password, carrying its salt and parameters */
    String hash(String password);

    /**
     * @param encodedHash a hash made by {@link #hash}
     * @param password the password to check
     * @return whether the password matches; a malformed hash never matches
     */
    boolean verify(String encodedHash, String password);

    /**
     * @param encodedHash a hash made by {@link #hash}, now or with other parameters
     * @return whether it was made with parameters weaker than the configured ones, so that it should
     *     be replaced on the next successful login
     */
    boolean needsRehash(String encodedHash);
}
