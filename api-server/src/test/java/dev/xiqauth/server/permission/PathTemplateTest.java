package dev.xiqauth.server.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** OpenAPI's path templates as XIQ writes them: whole-segment variables, and variables inside a segment. */
final class PathTemplateTest {

    @Test
    void aVariableMatchesOneWholeSegmentAndATrailingSlashIsNotSignificant() {
        PathTemplate devices = PathTemplate.of("/devices/{id}/:reboot");

        assertThat(devices.matches("/devices/42/:reboot")).isTrue();
        assertThat(devices.matches("/devices/42/:reboot/")).isTrue();
        assertThat(devices.matches("/devices/42/43/:reboot")).isFalse();
        assertThat(devices.matches("/devices//:reboot")).isFalse();
        assertThat(devices.literalSegments()).isEqualTo(2);
    }

    @Test
    void aVariableInsideASegmentMatchesOneOrMoreCharactersOfThatSegmentOnly() {
        PathTemplate policy = PathTemplate.of("/pcgs/key-based/network-policy-{policyId}/users");
        PathTemplate top = PathTemplate.of("/applications/top{n}");

        assertThat(policy.matches("/pcgs/key-based/network-policy-7/users")).isTrue();
        assertThat(policy.matches("/pcgs/key-based/network-policy-/users")).as("a variable is never empty").isFalse();
        assertThat(policy.matches("/pcgs/key-based/policy-7/users")).isFalse();
        assertThat(top.matches("/applications/top10")).isTrue();
        assertThat(top.matches("/applications/top")).isFalse();
        assertThat(PathTemplate.of("/a.{format}").matches("/aXjson")).as("the literal part is quoted, not a pattern")
                .isFalse();
    }

    @Test
    void templatesOfOneShapeDifferOnlyInTheirVariablesNames() {
        assertThat(PathTemplate.of("/operations/{operationId}").shape())
                .isEqualTo(PathTemplate.of("/operations/{operation_id}").shape());
        assertThat(PathTemplate.of("/alerts/count-by-{group}").shape()).isEqualTo("/alerts/count-by-{}");
    }

    @Test
    void bracesThatAreNotWholeVariablesAreRefused() {
        assertThatThrownBy(() -> PathTemplate.of("/a/{b")).hasMessageContaining("braces");
        assertThatThrownBy(() -> PathTemplate.of("/a/{b}{c}")).hasMessageContaining("braces");
        assertThatThrownBy(() -> PathTemplate.of("/a/b}")).hasMessageContaining("braces");
        assertThatThrownBy(() -> PathTemplate.of("a/b")).hasMessageContaining("does not start with /");
    }
}
