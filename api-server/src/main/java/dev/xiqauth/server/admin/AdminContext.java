package dev.xiqauth.server.admin;

import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreOptions;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.store.DamagedStoreException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * What the admin commands get from the process: its secrets, its streams, its clock, and the way
 * to open the configured store.
 *
 * @param secrets the environment's secrets (database credentials)
 * @param passwords where new passwords are read from
 * @param out where results go
 * @param clock the time of password changes and key rotations
 * @param stores opens the stores a command works on
 */
public record AdminContext(Secrets secrets, PasswordReader passwords, PrintStream out, Clock clock,
        StoreOpener stores) {
    /** A server that is starting takes the store within seconds; an admin command without one is as quick. */
    private static final Duration CLAIM_WAIT = Duration.ofSeconds(30);

    /**
     * Claims the embedded store ({@link EmbeddedStoreClaim}), opens the configured store, does the work, closes the
     * store and gives up the claim: a running server has then taken the change in.
     *
     * @param store the command line's store options
     * @param work what to do with the stores
     * @return the work's exit status
     * @throws AdminException if the store cannot be opened
     */
    int withStores(StoreOptions store, Function<AdminStores, Integer> work) {
        StoreSettings settings = store.storeSettings(secrets);
        AutoCloseable claim;
        try {
            claim = settings.dataDir().isPresent() ? EmbeddedStoreClaim.take(settings.dataDir().get(), CLAIM_WAIT)
                    : () -> { };
        } catch (UncheckedIOException e) {
            throw new AdminException("the store cannot be reached: " + e.getMessage());
        } catch (DamagedStoreException e) {
            throw new AdminException(e.getMessage());
        }
        try (claim) {
            return withOpened(settings, work);
        } catch (AdminException | IllegalArgumentException | IllegalStateException e) {
            throw e;
        } catch (Exception releasing) {
            throw new IllegalStateException("the store was not released cleanly: " + releasing.getMessage(), releasing);
        }
    }

    private int withOpened(StoreSettings settings, Function<AdminStores, Integer> work) {
        AdminStores opened;
        try {
            opened = stores.open(settings);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new AdminException("the store cannot be reached: " + e.getMessage());
        }
        try (opened) {
            return work.apply(opened);
        } catch (AdminException | IllegalArgumentException | IllegalStateException e) {
            throw e;
        } catch (Exception closing) {
            throw new IllegalStateException("the store did not close cleanly: " + closing.getMessage(), closing);
        }
    }
}
