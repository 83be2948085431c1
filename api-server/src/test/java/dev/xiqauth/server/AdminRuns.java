package dev.xiqauth.server;

import dev.xiqauth.server.config.ConfigSources;
import dev.xiqauth.server.config.Secrets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** Runs admin commands in this process as the launcher runs them, over one data directory, for their tests. */
final class AdminRuns {
    /** What a command did: its exit status and what it printed. */
    record Run(int status, String out, String err) {
    }

    private final Path dataDir;
    private final Clock clock;

    AdminRuns(Path dataDir, Clock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
    }

    /**
     * @param sources the configuration files and environment it reads
     * @param stdin what it reads on standard input
     * @param args the command and its arguments; {@code --data-dir} is added
     */
    Run run(ConfigSources sources, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine commandLine = XiqAuthServer.commandLine(new Secrets(Map.of()), sources,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), clock);
        commandLine.setErr(new PrintWriter(err, true));
        String[] withStore = new String[args.length + 2];
        System.arraycopy(args, 0, withStore, 0, args.length);
        withStore[args.length] = "--data-dir";
        withStore[args.length + 1] = dataDir.toString();
        int status = commandLine.execute(withStore);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString());
    }
}
