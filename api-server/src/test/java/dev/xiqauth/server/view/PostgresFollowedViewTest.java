package dev.xiqauth.server.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.store.PostgresSchema;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A followed view on PostgreSQL, with the store's notifications, in a schema of its own per test. */
final class PostgresFollowedViewTest extends FollowedViewContract {
    private PostgresSchema schema;

    @Override
    protected StoreSettings freshStore() {
        schema = PostgresSchema.create();
        return schema.settings();
    }

    @Override
    protected void releaseStore() throws Exception {
        schema.close();
    }

    @Override
    protected int rounds() {
        return 1_000;
    }

    @Test
    void aNotifiedChangeIsAppliedFromItsMessageWithNoReadOfTheLog() throws Exception {
        Partition partition = new Partition();
        Instance instance = new Instance(true, partition);
        instance.awaitAnswering();
        partition.logReadsCut.set(true);

        for (int round = 0; round < 5; round++) {
            long started = System.nanoTime();
            writer.revocations().revoke(jti(round), Instant.now().plusSeconds(3600));
            Duration wait = Duration.ofNanos(System.nanoTime() - started);

            assertThat(wait).as("acknowledged from the message, not waited out").isLessThan(Duration.ofMillis(500));
            assertThat(instance.view.answersFromMemory()).isTrue();
            assertThat(instance.stores.revocations().isRevoked(jti(round), KID)).isTrue();
        }
    }
}
