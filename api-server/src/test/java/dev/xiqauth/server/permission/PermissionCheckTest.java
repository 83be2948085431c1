package dev.xiqauth.server.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.xiqauth.server.contract.ContractDocument;
import dev.xiqauth.server.contract.ContractSecurity;
import dev.xiqauth.server.error.ApiProblem;
import dev.xiqauth.server.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code checkPermissions} answers only for a path every server and proxy routes the same way: a path that
 * servlet containers or proxies normalise, strip or refuse is refused, not answered for a template the request
 * may not reach.
 */
final class PermissionCheckTest {
    private static final PermissionCheck CHECK = new PermissionCheck(ContractSecurity.of(ContractDocument.packaged()),
            PermissionCatalogue.defaults());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // dot segments, plain, percent-encoded in either case, half encoded, and with a path parameter
        "/devices/..", "/devices/.", "/devices/../devices/42", "/devices/./42", "/devices/%2e%2e", "/devices/%2E%2E",
        "/devices/%2e.", "/devices/.%2e", "/devices/%2e", "/devices/..;", "/devices/..;/devices/42", "/devices/.;x",
        "/devices/..;x/42", "/devices/%2e%2e;/42", "https://api.example.com/devices/..;/users",
        // path parameters, which Tomcat and Jetty strip before routing (/a;x/b reaches /a/b), raw or encoded
        "/devices;x/42", "/devices/42;jsessionid=1", "/devices/42;", "/devices;/42", "/devices/42%3Bx",
        "/devices/42%3b",
        // NUL and the other control characters, encoded (a raw one is not a URI at all)
        "/devices/%00", "/devices/42%00.json", "/devices/%0a", "/devices/%0D%0A", "/devices/%09", "/devices/%7f",
        "/devices/%1b", "/devices/%C2%85", "/devices/\u0000", "/devices/4\u00012",
        // backslashes, which some servers take for slashes, raw or encoded
        "/devices\\42", "/devices/%5c42", "/devices/%5C..%5C42",
        // encoded slashes
        "/devices/a%2Fb", "/devices/%2F", "/devices%2f42"})
    void aPathRoutedDifferentlyByServersOrProxiesIsAMalformedRequest(String uri) {
        ApiProblem refused = catchThrowableOfType(ApiProblem.class, () -> CHECK.check("GET", uri));

        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
    }

    @Test
    void theRefusalSaysWhatWasWrongInTheLog() {
        assertThat(catchThrowableOfType(ApiProblem.class, () -> CHECK.check("GET", "/devices/..;/x")))
                .hasMessageContaining("dot segment");
        assertThat(catchThrowableOfType(ApiProblem.class, () -> CHECK.check("GET", "/devices/42;x")))
                .hasMessageContaining("path parameter");
        assertThat(catchThrowableOfType(ApiProblem.class, () -> CHECK.check("GET", "/devices/%00")))
                .hasMessageContaining("control character");
        assertThat(catchThrowableOfType(ApiProblem.class, () -> CHECK.check("GET", "/devices/%5c")))
                .hasMessageContaining("backslash");
        assertThat(catchThrowableOfType(ApiProblem.class, () -> CHECK.check("GET", "/devices/a%2fb")))
                .hasMessageContaining("encoded slash");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/devices/42", "/devices/a.b", "/devices/...", "/devices/..x", "/devices/.x",
        "/devices/%2e%2e%2e", "/devices/42?a=b;c=d", "/devices/42#x;y", "/devices/%C3%A9t%C3%A9", "/devices/a+b"})
    void ordinaryPathsAreStillAnswered(String uri) {
        assertThat(CHECK.check("GET", uri).permissions()).extracting(Permission::name)
                .containsExactly("device", "device:r", "device:view");
    }
}
