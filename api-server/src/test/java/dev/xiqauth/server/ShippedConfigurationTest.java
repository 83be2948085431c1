package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.xiqauth.server.config.ConfigSources;
import dev.xiqauth.server.config.Secrets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive's {@code conf/xiq-auth.properties}: every setting it shows, uncommented, is one the
 * server knows (a key it does not know would be refused at start), with a value of the right form.
 */
final class ShippedConfigurationTest {
    private static final Path SHIPPED = Path.of("src/main/dist/conf/xiq-auth.properties");
    private static final Pattern COMMENTED_SETTING = Pattern.compile("^#([a-z0-9-]+) = (.+)$");

    @TempDir
    Path dir;

    @Test
    void everySettingTheShippedFileShowsIsKnownToTheServer() throws Exception {
        StringBuilder uncommented = new StringBuilder();
        int settings = 0;
        for (String line : Files.readAllLines(SHIPPED)) {
            Matcher setting = COMMENTED_SETTING.matcher(line);
            if (setting.matches() && !setting.group(2).startsWith("<")) {
                uncommented.append(setting.group(1)).append(" = ").append(setting.group(2)).append('\n');
                settings++;
            }
        }
        assertThat(settings).as("settings shown in the file").isGreaterThan(20);
        Path file = Files.writeString(dir.resolve("xiq-auth.properties"), uncommented);

        assertThatCode(() -> XiqAuthServer.commandLine(new Secrets(Map.of()),
                ConfigSources.load(List.of("--config", file.toString()), Map.of()),
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), Clock.systemUTC()).parseArgs())
                .as("the server knows every key, and every value converts to its setting's type")
                .doesNotThrowAnyException();
    }
}
