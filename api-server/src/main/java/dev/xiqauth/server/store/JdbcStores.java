package dev.xiqauth.server.store;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.feed.Change;
import dev.xiqauth.server.feed.ChangeLog;
import dev.xiqauth.server.feed.FeedSignals;
import dev.xiqauth.server.feed.ViewLeases;
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
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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
    private final ChangeLog changeLog;
    private final ViewLeases viewLeases;

    private JdbcStores(Database database, Clock clock) {
        this.database = database;
        this.users = new JdbcUserDirectory(database);
        this.revocations = new JdbcRevocationStore(database, clock);
        this.apiTokens = new JdbcApiTokenStore(database, clock);
        this.loginFailures = new JdbcLoginFailureStore(database);
        this.knownClients = new JdbcKnownClientStore(database);
        this.signingKeys = new JdbcSigningKeyStore(database, clock);
        this.quotas = new JdbcQuotaLedger(database);
        this.changeLog = new JdbcChangeLog(database);
        this.viewLeases = new JdbcViewLeases(database);
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

    /** @return the log of the changes that can change a token check's answer, in the order they committed */
    public ChangeLog changeLog() {
        return changeLog;
    }

    /** @return the leases of the views that answer checks from memory */
    public ViewLeases viewLeases() {
        return viewLeases;
    }

    /** @return whether several processes may write this store, so each follows the others' changes: PostgreSQL */
    public boolean isShared() {
        return database.channel(Database.CHANGES_CHANNEL).isPresent();
    }

    /**
     * Starts listening to the messages beside the log, on PostgreSQL; on the embedded store, whose one server is
     * the log's only reader, no message travels.
     *
     * @param logGrew called when the log has grown, or notifications may have been lost
     * @param changed called with each entry committed to the log, as its notification carries it
     * @param acknowledged called with each view's acknowledgement, of this process or another
     * @return the messages, to be closed before the store
     */
    public FeedSignals openSignals(Runnable logGrew, Consumer<Change> changed, BiConsumer<String, Long> acknowledged) {
        if (!isShared()) {
            return FeedSignals.LOCAL;
        }
        PostgresFeedSignals signals = new PostgresFeedSignals(database.settings(), database.jdbc(),
                database.channel(Database.CHANGES_CHANNEL).get(),
                database.channel(Database.ACKNOWLEDGEMENTS_CHANNEL).get(), new PostgresFeedSignals.Receiver() {
                    @Override
                    public void logGrew() {
                        logGrew.run();
                    }

                    @Override
                    public void changed(Change change) {
                        changed.accept(change);
                    }

                    @Override
                    public void acknowledged(String viewId, long position) {
                        acknowledged.accept(viewId, position);
                    }
                });
        signals.start();
        return signals;
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
