package dev.xiqauth.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xiqauth.server.CompositionRoot;
import dev.xiqauth.server.RunningServer;
import dev.xiqauth.server.TestServers;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /docs} in a real headless Chromium (Debian's, driven by Playwright from
 * {@code conformance/docs-page-check.mjs}): both operations are rendered from {@code /openapi.yaml},
 * "Try it out" logs in against the same server, and the page fetches nothing from another host.
 */
final class DocsPageBrowserTest {
    private static final String USER = "docs.user@example.com";
    private static final String PASSWORD = "a password typed into Swagger UI";

    @TempDir
    Path dataDir;

    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        NodeTools.require(Path.of("/usr/bin/chromium"), NodeTools.directory().resolve("node_modules/playwright-core"));
        server = CompositionRoot.start(TestServers.settings(StoreSettings.embedded(dataDir), 0, null),
                new Secrets(Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", USER, "XIQ_AUTH_BOOTSTRAP_PASSWORD", PASSWORD)),
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private NodeTools.Run docsCheck(String password) throws Exception {
        return NodeTools.run(List.of("node", "docs-page-check.mjs"), Map.of(
                "BASE_URL", "http://127.0.0.1:" + server.port(), "XIQ_USERNAME", USER, "XIQ_PASSWORD", password));
    }

    @Test
    void docsPageRendersBothOperationsAndLogsInThroughTryItOut() throws Exception {
        NodeTools.Run run = docsCheck(PASSWORD);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("docs page OK");
    }

    @Test
    void docsCheckFailsWhenTryItOutCannotLogIn() throws Exception {
        NodeTools.Run run = docsCheck("not the password");

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("docs page check FAILED");
    }
}
