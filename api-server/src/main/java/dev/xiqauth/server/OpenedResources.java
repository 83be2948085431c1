package dev.xiqauth.server;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the composition root has opened, closed in the reverse order: all of it when start-up fails
 * part-way, and what remains after the HTTP listeners have drained when the server stops.
 */
final class OpenedResources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenedResources.class);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /**
     * @param resource something just opened
     * @return the same, for use in an assignment
     */
    <T extends AutoCloseable> T add(T resource) {
        opened.push(resource);
        return resource;
    }

    /** Closes everything, newest first; a failure to close one does not keep the others open. */
    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("could not close a resource at stop: {}", e.toString());
            }
        }
    }
}
