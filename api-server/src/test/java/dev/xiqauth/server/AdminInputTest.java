package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.AdminRuns.Run;
import dev.xiqauth.server.config.ConfigSources;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.store.Database;
import dev.xiqauth.server.store.JdbcUserDirectory;
import dev.xiqauth.server.user.User;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the admin commands take from their input is exactly what was given: a username in its one normal
 * form or refused, a password that is the one line of standard input or refused.
 */
final class AdminInputTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00.400Z"));

    @TempDir
    Path dataDir;

    private Run run(String stdin, String... args) {
        return new AdminRuns(dataDir, clock).run(ConfigSources.none(), stdin, args);
    }

    private List<User> users() {
        try (Database database = Database.open(StoreSettings.embedded(dataDir))) {
            return new JdbcUserDirectory(database).list();
        }
    }

    private Optional<User> user(String username) {
        try (Database database = Database.open(StoreSettings.embedded(dataDir))) {
            return new JdbcUserDirectory(database).findByUsername(username);
        }
    }

    private static void assertOneLineRefusal(Run run, String reason) {
        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("xiq-auth-server: ").contains(reason).doesNotContain("Exception");
        assertThat(run.err().stripTrailing()).as("one line").doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void aZeroWidthSpaceInTheNameIsRefusedInOneLineAndNothingIsStored() {
        Run refused = run("a password\n", "users", "add", "ad\u200bmin@example.com");

        assertOneLineRefusal(refused, "invisible format characters (U+200B ZERO WIDTH SPACE)");
        assertThat(users()).isEmpty();
    }

    @Test
    void latinMixedWithCyrillicLookAlikesIsRefused() {
        Run refused = run("a password\n", "users", "add", "\u0430dmin@example.com");

        assertOneLineRefusal(refused, "must not mix");
        assertThat(users()).isEmpty();
    }

    @Test
    void aTrailingNoBreakSpaceIsRefused() {
        Run refused = run("a password\n", "users", "add", "admin@example.com\u00a0");

        assertOneLineRefusal(refused, "U+00A0 NO-BREAK SPACE");
        assertThat(users()).isEmpty();
    }

    @Test
    void theNameIsStoredTrimmedAndComposed() {
        Run added = run("a password\n", "users", "add", " jose\u0301@example.com ");

        assertThat(added.status()).as(added.err()).isZero();
        assertThat(added.out()).startsWith("added user jos\u00e9@example.com (user_id");
        assertThat(users()).extracting(User::username).containsExactly("jos\u00e9@example.com");
    }

    @Test
    void aCarriageReturnInThePasswordIsRefusedNotCutAt() {
        Run refused = run("abc\rdef\n", "users", "add", "bob@example.com");

        assertOneLineRefusal(refused, "carriage return");
        assertThat(refused.err()).doesNotContain("abc").doesNotContain("def");
        assertThat(users()).isEmpty();
    }

    @Test
    void aPasswordFromAWindowsFileIsItsLineWithoutTheLineEnding() {
        Run added = run("from a windows file\r\n", "users", "add", "bob@example.com");

        assertThat(added.status()).as(added.err()).isZero();
        String hash = user("bob@example.com").orElseThrow().passwordHash();
        assertThat(TestServers.HASHER.verify(hash, "from a windows file")).isTrue();
    }

    @Test
    void aSecondLineIsRefusedAndThePasswordIsNotChanged() {
        run("the first password\n", "users", "add", "bob@example.com");

        Run refused = run("new password\nsecond line\n", "users", "passwd", "bob@example.com");

        assertOneLineRefusal(refused, "more than one line");
        String hash = user("bob@example.com").orElseThrow().passwordHash();
        assertThat(TestServers.HASHER.verify(hash, "the first password")).isTrue();
    }
}
