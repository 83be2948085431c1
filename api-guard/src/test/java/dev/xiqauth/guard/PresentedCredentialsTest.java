package dev.xiqauth.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xiqauth.guard.PresentedCredentials.Kind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the Bearer token of a request's Authorization headers (RFC 6750 section 2.1). */
final class PresentedCredentialsTest {
    private static PresentedCredentials of(String... headers) {
        return PresentedCredentials.of(headers.length == 0 ? null : Arrays.asList(headers));
    }

    @Test
    void bearerTokenIsReadWhateverTheCaseOfTheScheme() {
        assertThat(of("Bearer eyJ.abc-_~+/=").token()).isEqualTo("eyJ.abc-_~+/=");
        assertThat(of("bearer t0ken").token()).isEqualTo("t0ken");
        assertThat(of("BEARER   t0ken  ").token()).isEqualTo("t0ken");
    }

    @Test
    void noHeaderAnEmptyOneOrAnotherSchemeIsNone() {
        assertThat(of().kind()).isEqualTo(Kind.NONE);
        assertThat(PresentedCredentials.of(List.of()).kind()).isEqualTo(Kind.NONE);
        assertThat(of("  ").kind()).isEqualTo(Kind.NONE);
        assertThat(of("Basic amFuZTpwdw==").kind()).isEqualTo(Kind.NONE);
        assertThat(of("Bearertoken").kind()).isEqualTo(Kind.NONE);
    }

    @Test
    void twoHeadersOrTwoCredentialsInOneAreAmbiguous() {
        assertThat(of("Bearer a", "Bearer b").kind()).isEqualTo(Kind.AMBIGUOUS);
        assertThat(of("Bearer a, Basic b").kind()).isEqualTo(Kind.AMBIGUOUS);
    }

    @Test
    void bearerWithoutATokenOrWithOneOutsideB64tokenIsMalformed() {
        assertThat(of("Bearer").kind()).isEqualTo(Kind.MALFORMED_TOKEN);
        assertThat(of("Bearer  ").kind()).isEqualTo(Kind.MALFORMED_TOKEN);
        assertThat(of("Bearer two words").kind()).isEqualTo(Kind.MALFORMED_TOKEN);
        assertThat(of("Bearer =abc").kind()).isEqualTo(Kind.MALFORMED_TOKEN);
        assertThat(of("Bearer a\"b").kind()).isEqualTo(Kind.MALFORMED_TOKEN);
    }

    @Test
    void neitherTheTokenNorItsAbsenceLeaksThroughToString() {
        assertThat(of("Bearer s3cret").toString()).doesNotContain("s3cret").contains("TOKEN");
        assertThatThrownBy(() -> of("Basic x").token()).isInstanceOf(IllegalStateException.class);
    }
}
