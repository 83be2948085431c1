package dev.xiqauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xiqauth.server.config.Secrets;
import dev.xiqauth.server.config.StoreSettings;
import dev.xiqauth.server.conformance.ValidatingHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests XIQ's own Python SDK (25.9.3-5, {@code extremecloudiq.apis.tags.authorization_api}) sends for
 * the Authorization operations, byte for byte as it builds them, replayed against a running server:
 * urllib3's {@code Accept-Encoding: identity}, the generator's {@code User-Agent}, {@code Accept:
 * application/json} where a JSON answer is declared and none where it is not, JSON bodies compact with
 * sorted keys, and validate's token as a bare {@code text/plain} body without {@code Authorization}.
 * What the SDK reads back must be what it parses: {@code Content-Type: application/json} exactly, and the
 * four fields of every {@code XiqError}.
 */
final class XiqSdkAuthorizationReplayTest {
    private static final String USER = "ops@example.com";
    private static final String PASSWORD = "a long and private passphrase";
    private static final String USER_AGENT = "OpenAPI-Generator/25.9.3-5/python";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ValidatingHttpClient http = ValidatingHttpClient.http11();

    @TempDir
    Path dataDir;

    private HttpRequest.Builder sdk(URI base, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Accept-Encoding", "identity")
                .header("User-Agent", USER_AGENT);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode jsonOf(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().allValues("Content-Type")).as("what the SDK matches literally")
                .containsExactly("application/json");
        return JSON.readTree(response.body());
    }

    private static void assertSdkReadableError(HttpResponse<String> response, int status, String code)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = jsonOf(response);
        for (String field : new String[] {"error_code", "error_id", "error_message", "error_message_description"}) {
            assertThat(error.hasNonNull(field)).as(field).isTrue();
        }
        assertThat(error.get("error_code").asText()).isEqualTo(code);
    }

    @Test
    void xiqPythonSdkRequestsOfEveryAuthorizationOperationAreServedAsItParsesThem() throws Exception {
        Map<String, String> bootstrap = Map.of("XIQ_AUTH_BOOTSTRAP_USERNAME", USER, "XIQ_AUTH_BOOTSTRAP_PASSWORD",
                PASSWORD);
        try (RunningServer server = CompositionRoot.start(TestServers.settings(StoreSettings.embedded(dataDir), 0,
                null), new Secrets(bootstrap), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            URI base = server.baseUri();
            HttpResponse<String> login = send(sdk(base, "login", null).header("Accept", "application/json")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"password\":\"" + PASSWORD + "\",\"username\":\"" + USER + "\"}")).build());
            String token = jsonOf(login).get("access_token").asText();

            long expireTime = Instant.now().plusSeconds(3600).getEpochSecond();
            HttpResponse<String> generated = send(sdk(base, "auth/apitoken", token)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"description\":\"description_example\",\"expire_time\":"
                            + expireTime + ",\"permissions\":[\"device:r\",\"auth:r\"]}")).build());
            assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
            JsonNode apiToken = jsonOf(generated);
            assertThat(apiToken.get("permissions")).extracting(JsonNode::asText)
                    .containsExactly("auth:r", "device:r");
            assertThat(Instant.parse(apiToken.get("expire_time").asText().replace("+00:00", "Z")))
                    .isEqualTo(Instant.ofEpochSecond(expireTime));
            assertThat(Instant.parse(apiToken.get("create_time").asText().replace("+00:00", "Z"))).isNotNull();

            HttpResponse<String> info = send(sdk(base, "auth/apitoken/info", apiToken.get("access_token").asText())
                    .header("Accept", "application/json").GET().build());
            assertThat(info.statusCode()).isEqualTo(200);
            JsonNode details = jsonOf(info);
            assertThat(details.get("user_name").asText()).isEqualTo(USER);
            assertThat(details.get("role").asText()).isEqualTo("ADMINISTRATOR");
            assertThat(details.get("scopes")).extracting(JsonNode::asText)
                    .containsExactly("auth:r", "device:r");

            HttpResponse<String> permissions = send(sdk(base, "auth/permissions", token)
                    .header("Accept", "application/json").GET().build());
            assertThat(permissions.statusCode()).isEqualTo(200);
            assertThat(jsonOf(permissions).isArray()).isTrue();

            HttpResponse<String> check = send(sdk(base, "auth/permissions/:check", token)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"method\":\"get\",\"uri\":\"https://api.extremecloudiq.com/auth/apitoken/info\"}"))
                    .build());
            assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
            assertThat(jsonOf(check).get("permissions")).extracting(permission -> permission.get("name").asText())
                    .containsExactly("auth", "auth:r");
            assertThat(jsonOf(check).get("permissions")).allSatisfy(permission -> {
                assertThat(permission.get("description").isTextual()).isTrue();
                assertThat(permission.get("category").asText()).isEqualTo("Authorization");
            });
            assertThat(jsonOf(check).get("roles")).extracting(JsonNode::asText)
                    .containsExactly("ADMINISTRATOR", "OPERATOR", "MONITOR", "OBSERVER");

            HttpResponse<String> valid = send(sdk(base, "auth/apitoken/:validate", null)
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(token)).build());
            assertThat(valid.statusCode()).isEqualTo(200);
            assertThat(valid.body()).isEmpty();

            HttpResponse<String> logout = send(sdk(base, "logout", token).POST(HttpRequest.BodyPublishers.noBody())
                    .build());
            assertThat(logout.statusCode()).isEqualTo(200);
            assertSdkReadableError(send(sdk(base, "auth/apitoken/:validate", null).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(token)).build()), 401, "INVALID_TOKEN");
            assertSdkReadableError(send(sdk(base, "auth/permissions", token).header("Accept", "application/json")
                    .GET().build()), 401, "INVALID_TOKEN");
            assertSdkReadableError(send(sdk(base, "auth/permissions", narrowApiToken(base))
                    .header("Accept", "application/json").GET().build()), 403, "ACCESS_DENIED");
        }
    }

    /** @return a new API token that holds device:r alone, made with a fresh login */
    private String narrowApiToken(URI base) throws IOException, InterruptedException {
        HttpResponse<String> login = send(sdk(base, "login", null).header("Accept", "application/json")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"password\":\"" + PASSWORD + "\",\"username\":\"" + USER + "\"}")).build());
        String token = jsonOf(login).get("access_token").asText();
        HttpResponse<String> narrow = send(sdk(base, "auth/apitoken", token).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"permissions\":[\"device:r\"]}")).build());
        return jsonOf(narrow).get("access_token").asText();
    }
}
