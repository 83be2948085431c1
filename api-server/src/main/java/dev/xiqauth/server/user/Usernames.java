package dev.xiqauth.server.user;

/** What a username may be: what the contract lets a login send, with no control characters. */
public final class Usernames {
    /** The contract's {@code maxLength} of {@code username}. */
    public static final int MAX_LENGTH = 320;

    private Usernames() {
    }

    /**
     * @param username a name to store
     * @throws IllegalArgumentException if it is blank, too long, or holds control characters
     */
    public static void requireValid(String username) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("a username must not be blank");
        }
        if (username.codePointCount(0, username.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException("a username has at most " + MAX_LENGTH + " characters");
        }
        if (username.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a username must not hold control characters");
        }
    }
}
