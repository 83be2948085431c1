package dev.xiqauth.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.junit.jupiter.api.Test;

/** Pins the JSON wire format of the generated models to the contract. */
final class WireFormatTest {
    private final ObjectMapper mapper = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void loginRequestUsesTheContractsPropertyNames() throws Exception {
        XiqLoginRequest request = new XiqLoginRequest("jane@example.com", "secret")
                .rateLimit(new XiqRateLimitPolicy(7500L).second(10L));

        assertThat(mapper.writeValueAsString(request)).isEqualTo(
                "{\"username\":\"jane@example.com\",\"password\":\"secret\",\"rate_limit\":{\"hour\":7500,\"second\":10}}");
    }

    @Test
    void loginRequestWithoutPasswordIsRejectedByDeserialization() {
        assertThatThrownBy(() -> mapper.readValue("{\"username\":\"jane\"}", XiqLoginRequest.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("password");
    }

    @Test
    void loginRequestWithoutUsernameIsRejectedByDeserialization() {
        assertThatThrownBy(() -> mapper.readValue("{\"password\":\"secret\"}", XiqLoginRequest.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("username");
    }

    @Test
    void rateLimitPolicyWithoutHourIsRejectedByDeserialization() {
        assertThatThrownBy(() -> mapper.readValue("{\"second\":1}", XiqRateLimitPolicy.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("hour");
    }

    @Test
    void loginResponseReadsXiqsResponse() throws Exception {
        XiqLoginResponse response = mapper.readValue(
                "{\"access_token\":\"a.b.c\",\"token_type\":\"Bearer\",\"expires_in\":86400}", XiqLoginResponse.class);

        assertThat(response.getAccessToken()).isEqualTo("a.b.c");
        assertThat(response.getTokenType()).isEqualTo("Bearer");
        assertThat(response.getExpiresIn()).isEqualTo(86_400);
    }

    @Test
    void errorRequiresAllFourFieldsXiqsSdkRequires() {
        assertThatThrownBy(() -> mapper.readValue(
                "{\"error_code\":\"C\",\"error_id\":\"I\",\"error_message\":\"M\"}", XiqError.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageContaining("error_message_description");
    }

    @Test
    void errorParamsStayAbsentUntilSet() throws Exception {
        ObjectMapper omittingNulls = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

        assertThat(new XiqError("C", "I", "M", "D").getErrorParams()).as("no empty map by default").isNull();
        assertThat(omittingNulls.writeValueAsString(new XiqError("C", "I", "M", "D"))).isEqualTo(
                "{\"error_code\":\"C\",\"error_id\":\"I\",\"error_message\":\"M\",\"error_message_description\":\"D\"}");
    }

    @Test
    void passwordIsMaskedWhenARequestIsPrinted() {
        assertThat(new XiqLoginRequest("jane", "hunter2").toString()).doesNotContain("hunter2");
    }
}
