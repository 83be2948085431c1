package dev.xiqauth.server.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class DecoyHashTest {
    private static final Argon2Parameters T2 = Argon2Parameters.OWASP_MINIMUM;
    private static final Argon2Parameters T3 = new Argon2Parameters(T2.memoryKib(), 3, 1);
    private static final Argon2Parameters T4 = new Argon2Parameters(T2.memoryKib(), 4, 1);

    private final InMemoryUserDirectory users = new InMemoryUserDirectory();
    private int added;

    /** Adds users whose stored hashes have the given parameters; only the parameters are ever read. */
    private void addUsers(int count, Argon2Parameters parameters) {
        for (int i = 0; i < count; i++) {
            added++;
            users.add("user" + added, parameters.parameterString() + "$c2FsdA$aGFzaA", "OPERATOR", Optional.empty());
        }
    }

    @Test
    void decoyHasTheParametersMostStoredHashesHaveRatherThanTheConfiguredOnes() {
        addUsers(3, T2);
        addUsers(1, T3);

        DecoyHash decoy = DecoyHash.sample(users, T3);

        assertThat(decoy.parameters()).isEqualTo(T2);
        assertThat(decoy.encoded()).startsWith(T2.parameterString() + "$");
        assertThat(new Argon2idPasswordHasher(T3).verify(decoy.encoded(), "any password"))
                .as("a real hash, which costs what its parameters cost to check").isFalse();
    }

    @Test
    void decoyFollowsThePopulationWhenRefreshedAsHashesAreUpgraded() {
        addUsers(3, T2);
        DecoyHash decoy = DecoyHash.sample(users, T3);
        String before = decoy.encoded();

        decoy.refresh();
        assertThat(decoy.encoded()).as("nothing changed: no new hash").isEqualTo(before);
        for (int i = 1; i <= 2; i++) {
            users.changePassword("user" + i, T3.parameterString() + "$c2FsdA$bmV3", Instant.EPOCH);
        }
        decoy.refresh();

        assertThat(decoy.parameters()).isEqualTo(T3);
        assertThat(decoy.encoded()).startsWith(T3.parameterString() + "$");
    }

    @Test
    void withoutStoredArgon2idHashesTheDecoyHasTheConfiguredParameters() {
        assertThat(DecoyHash.sample(users, T3).parameters()).as("no users").isEqualTo(T3);

        users.add("legacy", "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW", "OPERATOR", Optional.empty());
        users.add("broken", "not a hash", "OPERATOR", Optional.empty());

        assertThat(DecoyHash.sample(users, T3).parameters()).as("no Argon2id hashes").isEqualTo(T3);
    }

    @Test
    void tiesGoToTheConfiguredParametersThenToTheFirstInOrderSoThatEveryInstanceChoosesAlike() {
        addUsers(2, T2);
        addUsers(2, T3);
        addUsers(2, T4);

        assertThat(DecoyHash.sample(users, T3).parameters()).isEqualTo(T3);
        assertThat(DecoyHash.sample(users, Argon2Parameters.OWASP_MINIMUM).parameters()).isEqualTo(T2);
        assertThat(DecoyHash.sample(users, new Argon2Parameters(T2.memoryKib(), 5, 1)).parameters()).isEqualTo(T2);
    }

    @Test
    void parameterStringsRoundTripAndOnlyArgon2idVersion19AtOrAboveTheFloorIsRead() {
        assertThat(Argon2Parameters.fromParameterString(T4.parameterString())).contains(T4);
        assertThat(Argon2Parameters.fromParameterString("$argon2id$v=19$m=19455,t=2,p=1")).as("below the floor").isEmpty();
        assertThat(Argon2Parameters.fromParameterString("$argon2i$v=19$m=19456,t=2,p=1")).isEmpty();
        assertThat(Argon2Parameters.fromParameterString("$argon2id$v=16$m=19456,t=2,p=1")).isEmpty();
        assertThat(Argon2Parameters.fromParameterString("$argon2id$v=19$m=99999999999,t=2,p=1")).isEmpty();
    }
}
