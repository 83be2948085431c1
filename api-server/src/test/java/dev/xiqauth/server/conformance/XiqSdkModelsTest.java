package dev.xiqauth.server.conformance;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.model.SimpleResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What XIQ's Python SDK cannot read is caught, as its own ApiTypeError would catch it. */
final class XiqSdkModelsTest {
    private static final XiqSdkModels SDK = new XiqSdkModels();

    private static void check(String method, String path, int status, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        SDK.check(method, path, status, SimpleResponse.Builder.status(status)
                .withContentType("application/json").withBody(body).build(), body);
    }

    @Test
    void checkPermissionsAnsweredWithStringsOrRepeatedRolesIsWhatTheSdkRefused() {
        assertThatThrownBy(() -> check("POST", "/auth/permissions/:check", 200,
                "{\"permissions\":[\"auth\"],\"roles\":[\"ADMINISTRATOR\"]}"))
                .as("the SDK's ApiTypeError: a str where it reads a frozendict").isInstanceOf(AssertionError.class)
                .hasMessageContaining("XIQ's Python SDK");
        assertThatThrownBy(() -> check("POST", "/auth/permissions/:check", 200, "{\"permissions\":[],\"roles\":"
                + "[\"ADMINISTRATOR\",\"ADMINISTRATOR\"]}")).as("unique_items").isInstanceOf(AssertionError.class);
        assertThatCode(() -> check("POST", "/auth/permissions/:check", 200, "{\"permissions\":[{\"name\":\"auth\","
                + "\"description\":\"d\",\"category\":\"Authorization\"}],\"roles\":[\"ADMINISTRATOR\"],\"more\":1}"))
                .doesNotThrowAnyException();
    }

    @Test
    void anAnswerWithoutAKeyTheSdkRequiresOrOfAnotherTypeIsCaught() {
        assertThatThrownBy(() -> check("GET", "/auth/apitoken/info", 200, "{\"user_name\":\"jane\",\"user_id\":1,"
                + "\"role\":\"OPERATOR\",\"owner_id\":0,\"scopes\":[],\"issued_at\":\"2026-12-01T10:00:00Z\"}"))
                .as("data_center is required").isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> check("POST", "/auth/apitoken", 200, "{\"access_token\":\"t\",\"create_time\":"
                + "\"yesterday\",\"permissions\":[],\"creator_id\":1,\"customer_id\":0}"))
                .as("a date-time").isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> check("POST", "/login", 401, "{\"error_code\":\"INVALID_CREDENTIALS\"}"))
                .as("an XiqError").isInstanceOf(AssertionError.class);
        assertThatCode(() -> check("GET", "/auth/permissions", 200, "[{\"name\":\"auth\"}]"))
                .as("left out: the SDK declares a bare string where XIQ's servers answer an array")
                .doesNotThrowAnyException();
    }
}
