package dev.xiqauth.server.config;

/** The one way settings state a rule: a condition, and the message that names the setting. */
final class Validation {
    private Validation() {
    }

    /**
     * @param rule whether the rule holds
     * @param message what the rule is, naming the setting and the value found
     * @throws IllegalArgumentException with that message if it does not
     */
    static void require(boolean rule, String message) {
        if (!rule) {
            throw new IllegalArgumentException(message);
        }
    }
}
