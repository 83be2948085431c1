package dev.xiqauth.server.feed;

/**
 * The messages that travel beside the change log between the processes that follow it: that the log has grown (so
 * a view reads it now rather than at its next look), and what a view has applied (so a writer elsewhere stops
 * waiting for it). Either may be lost: a view also reads the log on a schedule, and a writer also reads what the
 * views acknowledged at their renewals; a lost message costs latency, never correctness.
 */
public interface FeedSignals extends AutoCloseable {
    /** Messages that go nowhere: one process alone follows the log. */
    FeedSignals LOCAL = new FeedSignals() {
        @Override
        public void publishAcknowledgement(String viewId, long position) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Tells every process following the log that a view has applied it up to this position.
     *
     * @throws dev.xiqauth.server.error.StoreUnavailableException if the message cannot be sent now
     */
    void publishAcknowledgement(String viewId, long position);

    @Override
    void close();
}
