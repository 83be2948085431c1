package dev.xiqauth.server.feed;

/** What the views and the writers' waits report to the server's metrics. */
public interface FeedMetrics {
    /** Reports nothing. */
    FeedMetrics NONE = new FeedMetrics() {
        @Override
        public void awaited(Acknowledgements.Outcome outcome) {
        }

        @Override
        public void leaseLost(ViewLeases.Holder view) {
        }
    };

    /** A writer's wait for the views ended. */
    void awaited(Acknowledgements.Outcome outcome);

    /** A view stopped answering from memory: its lease could not be renewed. */
    void leaseLost(ViewLeases.Holder view);
}
