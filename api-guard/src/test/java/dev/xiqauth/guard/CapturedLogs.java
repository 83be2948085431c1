package dev.xiqauth.guard;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything logged under {@code dev.xiqauth} (the guard and the generated client it uses) at every level,
 * formatted as a log file would hold it, stack traces included, while it is open.
 */
final class CapturedLogs extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.xiqauth");
    private final Level previousLevel = logger.getLevel();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    CapturedLogs() {
        setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        StringWriter text = new StringWriter();
        text.append(record.getLevel().getName()).append(' ').append(record.getLoggerName()).append(' ')
                .append(formatter.formatMessage(record));
        if (record.getThrown() != null) {
            record.getThrown().printStackTrace(new PrintWriter(text));
        }
        lines.add(text.toString());
    }

    /** @return every line so far */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** @return every line so far, as one text */
    String text() {
        return String.join("\n", lines);
    }

    @Override
    public void flush() {
        // Nothing is buffered.
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
