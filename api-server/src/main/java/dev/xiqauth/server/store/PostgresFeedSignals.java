package dev.xiqauth.server.store;

import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.feed.Change;
import dev.xiqauth.server.feed.FeedSignals;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's messages over PostgreSQL's {@code LISTEN}/{@code NOTIFY}: a connection of its own, outside the pool,
 * listens on the log's channel (each append notifies it at its commit) and on the acknowledgements' channel. A
 * connection that breaks is made again; since notifications sent meanwhile are lost, the log is then read at once.
 * A change's notification carries its entry, which the receiver applies without a read when it follows the last one
 * applied.
 */
final class PostgresFeedSignals implements FeedSignals {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresFeedSignals.class);
    private static final int WAIT_MILLIS = 500;
    private static final long RECONNECT_MILLIS = 250;

    /** What this process does with the messages it receives. */
    interface Receiver {
        /** The log has grown, or notifications may have been lost: read it now. */
        void logGrew();

        /** An entry was committed to the log, as its notification carries it. */
        void changed(Change change);

        /** A view, of this process or another, has applied the log up to this position. */
        void acknowledged(String viewId, long position);
    }

    private final StoreSettings settings;
    private final Jdbc jdbc;
    private final String changesChannel;
    private final String acknowledgementsChannel;
    private final Receiver receiver;
    private final Thread listener;
    private volatile boolean closed;
    private volatile Connection connection;

    PostgresFeedSignals(StoreSettings settings, Jdbc jdbc, String changesChannel, String acknowledgementsChannel,
            Receiver receiver) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.changesChannel = changesChannel;
        this.acknowledgementsChannel = acknowledgementsChannel;
        this.receiver = receiver;
        this.listener = new Thread(this::listen, "change-log-listener");
        listener.setDaemon(true);
    }

    /** Starts listening; the first connection is made on the listener's thread, so a store that is down delays nothing. */
    void start() {
        listener.start();
    }

    @Override
    public void publishAcknowledgement(String viewId, long position) {
        jdbc.run("send an acknowledgement", connection -> {
            try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, acknowledgementsChannel);
                notify.setString(2, viewId + " " + position);
                notify.executeQuery().close();
                return null;
            }
        });
    }

    private void listen() {
        boolean warned = false;
        while (!closed) {
            try (Connection listening = connect()) {
                connection = listening;
                if (warned) {
                    LOG.info("listening to the change log's notifications again");
                    warned = false;
                }
                receiver.logGrew(); // whatever was sent while no one listened
                PGConnection postgres = listening.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications == null) {
                        continue;
                    }
                    boolean grew = false;
                    for (PGNotification notification : notifications) {
                        if (changesChannel.equals(notification.getName())) {
                            Optional<Change> change = ChangeMessages.parse(notification.getParameter());
                            change.ifPresent(receiver::changed);
                            grew |= change.isEmpty();
                        } else {
                            received(notification.getParameter());
                        }
                    }
                    if (grew) {
                        receiver.logGrew();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!warned) {
                    LOG.warn("not listening to the change log's notifications ({}); views read the log on their "
                            + "schedule meanwhile", e.getMessage());
                    warned = true;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(RECONNECT_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void received(String payload) {
        int space = payload.lastIndexOf(' ');
        if (space <= 0) {
            return;
        }
        try {
            receiver.acknowledged(payload.substring(0, space), Long.parseLong(payload.substring(space + 1)));
        } catch (NumberFormatException ignored) {
            LOG.debug("an acknowledgement that is not one: {}", payload);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        settings.user().ifPresent(user -> properties.setProperty("user", user));
        settings.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("connectTimeout", Long.toString(Math.max(1, settings.connectionTimeout().toSeconds())));
        properties.setProperty("tcpKeepAlive", "true");
        Connection listening = DriverManager.getConnection(settings.jdbcUrl(), properties);
        try (Statement listen = listening.createStatement()) {
            listen.execute("LISTEN " + quoted(changesChannel));
            listen.execute("LISTEN " + quoted(acknowledgementsChannel));
        } catch (SQLException e) {
            listening.close();
            throw e;
        }
        return listening;
    }

    private static String quoted(String channel) {
        return '"' + channel.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() {
        closed = true;
        Connection open = connection;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException e) {
                LOG.debug("closing the listening connection: {}", e.toString());
            }
        }
        listener.interrupt();
        try {
            listener.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
