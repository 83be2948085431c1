package dev.xiqauth.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.feed.Change;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeMessagesTest {
    @Test
    void eachKindOfEntryIsReadBackFromItsMessage() {
        assertThat(ChangeMessages.parse("7 REVOKED 0123abcd 1796776559")).contains(new Change(7,
                Change.Kind.REVOKED, Optional.of("0123abcd"), Optional.of(Instant.ofEpochSecond(1796776559))));
        assertThat(ChangeMessages.parse("8 USER 42 ")).contains(new Change(8, Change.Kind.USER, Optional.of("42"),
                Optional.empty()));
        assertThat(ChangeMessages.parse("9 KEYS  ")).contains(new Change(9, Change.Kind.KEYS, Optional.empty(),
                Optional.empty()));
    }

    @Test
    void anythingElseIsNoEntrySoTheReaderGoesToTheLog() {
        assertThat(ChangeMessages.parse("7")).as("an older server's message: the position alone").isEmpty();
        assertThat(ChangeMessages.parse("")).isEmpty();
        assertThat(ChangeMessages.parse("x REVOKED ab 1")).isEmpty();
        assertThat(ChangeMessages.parse("7 FORGOTTEN ab 1")).isEmpty();
        assertThat(ChangeMessages.parse("7 REVOKED ab ")).as("a revocation says when it may be forgotten").isEmpty();
        assertThat(ChangeMessages.parse("7 USER  ")).as("a user's entry names the user").isEmpty();
        assertThat(ChangeMessages.parse("0 KEYS  ")).as("positions start at 1").isEmpty();
        assertThat(ChangeMessages.parse("7 REVOKED ab 99999999999999999999")).isEmpty();
        assertThat(ChangeMessages.parse("7 REVOKED a b 1")).isEmpty();
    }
}
