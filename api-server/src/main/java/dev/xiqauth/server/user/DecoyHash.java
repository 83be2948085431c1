package dev.xiqauth.server.user;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hash an unknown username's password is checked against, so that a failed login costs the same
 * whether or not the user exists (OWASP ASVS 2.2). What checking a password costs is set by the
 * parameters of the hash it is checked against, and a stored hash keeps the parameters it was made
 * with until its user's next successful login: after the configured parameters change, most stored
 * hashes still have the old ones, and a decoy made with the configured parameters would take a
 * different time from a wrong password for most existing users. So the decoy is made with the
 * parameters most stored hashes have, sampled from the store when the server starts and again on a
 * schedule ({@link #refresh()}); with the configured ones only while the store holds no Argon2id hash.
 * Every instance sampling one store chooses the same parameters: ties go to the configured
 * parameters, then to the first parameter string in order.
 */
public final class DecoyHash {
    private static final Logger LOG = LoggerFactory.getLogger(DecoyHash.class);
    private static final String DECOY_PASSWORD = "decoy password of a user who does not exist";

    private final UserDirectory users;
    private final Argon2Parameters configured;
    private volatile Decoy current;

    private record Decoy(Argon2Parameters parameters, String encoded) {
    }

    private DecoyHash(UserDirectory users, Argon2Parameters configured) {
        this.users = Objects.requireNonNull(users, "users");
        this.configured = Objects.requireNonNull(configured, "configured");
    }

    /**
     * Makes the decoy after the stored hashes' parameters.
     *
     * @param users the users whose hashes are sampled
     * @param configured the parameters new hashes are made with
     * @return the decoy
     * @throws dev.xiqauth.server.error.StoreUnavailableException if the store cannot be asked
     */
    public static DecoyHash sample(UserDirectory users, Argon2Parameters configured) {
        DecoyHash decoy = new DecoyHash(users, configured);
        decoy.refresh();
        return decoy;
    }

    /** @return the encoded decoy hash, made with {@link #parameters()} */
    public String encoded() {
        return current.encoded();
    }

    /** @return the parameters of the decoy: those most stored hashes have */
    public Argon2Parameters parameters() {
        return current.parameters();
    }

    /**
     * Samples the stored hashes' parameters again, and makes a new decoy if the most common ones are no
     * longer the decoy's: as users log in, their hashes move to the configured parameters.
     *
     * @throws dev.xiqauth.server.error.StoreUnavailableException if the store cannot be asked; the decoy
     *     stays as it was
     */
    public void refresh() {
        Map<String, Long> counts = users.hashParameterCounts();
        Optional<Map.Entry<Argon2Parameters, Long>> mostCommon = counts.entrySet().stream()
                .flatMap(entry -> Argon2Parameters.fromParameterString(entry.getKey())
                        .map(parameters -> Map.entry(parameters, entry.getValue())).stream())
                .min(Comparator.<Map.Entry<Argon2Parameters, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparing(entry -> !entry.getKey().equals(configured))
                        .thenComparing(entry -> entry.getKey().parameterString()));
        Argon2Parameters chosen = mostCommon.map(Map.Entry::getKey).orElse(configured);
        Decoy previous = current;
        if (previous != null && previous.parameters().equals(chosen)) {
            return;
        }
        current = new Decoy(chosen, new Argon2idPasswordHasher(chosen).hash(DECOY_PASSWORD));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        LOG.info("unknown usernames' passwords are checked against a decoy hash with {} ({} of {} stored hashes{})",
                chosen.parameterString(), mostCommon.map(Map.Entry::getValue).orElse(0L), total,
                chosen.equals(configured) ? ", the configured parameters" : "; the configured ones are "
                        + configured.parameterString());
    }
}
