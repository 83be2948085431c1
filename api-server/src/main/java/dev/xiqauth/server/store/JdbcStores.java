package dev.xiqauth.server.store;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.login.KnownClientStore;
import dev.xiqauth.server.login.LoginFailureStore;
import dev.xiqauth.server.ratelimit.QuotaLedger;
import dev.xiqauth.server.token.ApiTokenStore;
import dev.xiqauth.server.token.RevocationStore;
import dev.xiqauth.server.token.SigningKeyStore;
import dev.xiqauth.server.user.UserDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Every port the server stores through, implemented over one database: the embedded H2 file or a
 * shared PostgreSQL. The server and the admin commands open their stores here, the same way.
 */
public final class JdbcStores implements AutoCloseable {
    private final Database database;
    private final UserDirectory users;
    private final JdbcRevocationStore revocations;
    private final ApiTokenStore apiTokens;
    private final LoginFailureStore loginFailures;
    private final KnownClientStore knownClients;
    private final SigningKeyStore signingKeys;
    private final QuotaLedger quotas;

    private JdbcStores(Database database, Clock clock) {
        this.database = database;
        this.users = new JdbcUserDirectory(database);
        this.revocations = new JdbcRevocationStore(database, clock);
        this.apiTokens = new JdbcApiTokenStore(database, clock);
        this.loginFailures = new JdbcLoginFailureStore(database);
        this.knownClients = new JdbcKnownClientStore(database);
        this.signingKeys = new JdbcSigningKeyStore(database, clock);
        this.quotas = new JdbcQuotaLedger(database);
    }

    /**
     * Opens the database, making the data directory of an embedded one first, and migrates it.
     *
     * @param settings where the database is
     * @param clock the time of revocations and key changes
     * @param registry where the pool's meters and the latency of store operations are recorded
     * @return the stores
     * @throws UncheckedIOException if the data directory cannot be made
     * @throws IllegalStateException if the database cannot be reached or migrated
     */
    public static JdbcStores open(StoreSettings settings, Clock clock, MeterRegistry registry) {
        if (settings.dataDir().isPresent()) {
            try {
                DataDirectory.prepare(settings.dataDir().get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot use the data directory " + settings.dataDir().get() + ": "
                        + e.getMessage(), e);
            }
        }
        return new JdbcStores(Database.open(settings, registry), clock);
    }

    /** @return the users */
    public UserDirectory users() {
        return users;
    }

    /** @return the revoked tokens */
    public RevocationStore revocations() {
        return revocations;
    }

    /** @return the API tokens that are live */
    public ApiTokenStore apiTokens() {
        return apiTokens;
    }

    /** @return the counts of failed logins */
    public LoginFailureStore loginFailures() {
        return loginFailures;
    }

    /** @return the clients that logged in lately, which throttling treats as known */
    public KnownClientStore knownClients() {
        return knownClients;
    }

    /** @return the signing keys */
    public SigningKeyStore signingKeys() {
        return signingKeys;
    }

    /** @return the shares of token quotas the instances have claimed */
    public QuotaLedger quotas() {
        return quotas;
    }

    /** @return whether the database answers now; waits at most the pool's connection timeout */
    public boolean isReachable() {
        return database.isReachable();
    }

    /**
     * The embedded store's revocations, made durable through a journal in the data directory that is folded into
     * the database on a schedule; a journal an earlier run left is folded first. Only the server, which holds the
     * data directory's lock, opens it, once.
     *
     * @param dataDir the data directory of this embedded store
     * @return the revocations, to be closed before this
     * @throws DamagedStoreException if the journal is damaged
     */
    public JournaledRevocationStore openRevocationJournal(Path dataDir) {
        return JournaledRevocationStore.open(dataDir, revocations);
    }

    /** @see Database#otherProcessesConnected() */
    public boolean otherProcessesConnected() {
        return database.otherProcessesConnected();
    }

    /** @see Database#compactEmbedded() */
    public boolean compactEmbedded() {
        return database.compactEmbedded();
    }

    @Override
    public void close() {
        database.close();
    }
}
