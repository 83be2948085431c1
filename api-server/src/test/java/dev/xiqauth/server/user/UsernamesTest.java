package dev.xiqauth.server.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usernames are stored in one form, and names that only look like another are refused or found alike. */
final class UsernamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"admin@example.com", "jane.doe+x@corp.example", "bob", "ops_team-1@example.com",
        "O'Brien@example.com", "jane doe", "José.Núñez@example.es", "ivan@example.com"})
    void ordinaryNamesAndEmailAddressesAreTheirOwnNormalForm(String username) {
        assertThat(Usernames.normalised(username)).isEqualTo(username);
        Usernames.requireValid(username);
    }

    @ParameterizedTest
    @ValueSource(strings = {"иван@пример.рф", "山田太郎@example.jp", "やまだ@example.jp", "ユーザー1", "δοκιμή"})
    void namesOfOneScriptOrOfLatinWithChineseAndJapaneseAreAccepted(String username) {
        assertThat(Usernames.normalised(username)).isEqualTo(username);
    }

    @Test
    void surroundingSpacesAreTrimmed() {
        assertThat(Usernames.normalised(" admin ")).isEqualTo("admin");
        assertThat(Usernames.normalised("\u3000admin@example.com  ")).isEqualTo("admin@example.com");
    }

    @Test
    void aDecomposedNameIsStoredComposed() {
        String decomposed = "jose\u0301@example.com";
        String composed = "jos\u00e9@example.com";

        assertThat(Usernames.normalised(decomposed)).isEqualTo(composed);
        assertThat(Usernames.skeletons(decomposed)).containsAnyElementsOf(Usernames.skeletons(composed));
    }

    @Test
    void aNameThatIsNotInItsNormalFormIsNotValidAsStored() {
        assertThatThrownBy(() -> Usernames.requireValid(" admin ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normal");
        assertThatThrownBy(() -> Usernames.requireValid("jose\u0301")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ad\u200bmin@example.com", "admin\u202e@example.com", "admin\u200d@example.com",
        "\ufeffadmin@example.com", "ad\u00admin@example.com", "admin\u2066@example.com"})
    void formatCharactersZeroWidthAndBidiControlsAreRefused(String username) {
        assertRefused(username, "invisible format characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin@example.com\u00a0", "\u00a0admin", "ad\u00a0min@example.com",
        "admin\u202f@example.com", "ad\u2007min", "jane\u2003doe", "jane\u3000doe", "jane\u2028doe"})
    void whiteSpaceOtherThanAPlainSpaceIsRefused(String username) {
        assertRefused(username, "white space");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob\u0007", "admin\t", "\nadmin", "ad\rmin", "admin\r", "admin\u0085", "ad\u007fmin"})
    void controlCharactersAreRefusedEvenAtTheEnds(String username) {
        assertRefused(username, "control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u3164admin", "admin\u115f", "ad\u034fmin", "admin\ufe0f"})
    void otherInvisibleCharactersAreRefused(String username) {
        assertRefused(username, "invisible");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0430dmin@example.com", "admin@ex\u0430mple.com", "p\u0430ypal", "\u03bfps@example.com",
        "\u0455cope@example.com"})
    void latinMixedWithCyrillicOrGreekLookAlikesIsRefused(String username) {
        assertRefused(username, "mix");
    }

    @Test
    void digitsOfTwoNumberSystemsAreRefused() {
        assertRefused("user1\u09e8", "digits");
        assertRefused("user\u0661" + "2", "digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ba\u0301\u0301d", "ba\u0301\u0301", "x\u0308\u0308", "e\u0301\u0327\u0301"})
    void aMarkRepeatedOnOneLetterIsRefusedWhereverItIs(String username) {
        assertRefused(username, "invisible");
    }

    @Test
    void aDotAboveOnADottedLetterIsRefused() {
        assertRefused("admi\u0307n", "dot above");
    }

    @Test
    void unassignedAndPrivateUseCharactersAreRefused() {
        assertRefused("admin\ue000", "private");
        assertRefused("admin\ud800", "surrogate");
        assertRefused("admin" + new String(Character.toChars(0x10fffd)), "private");
    }

    @Test
    void blankAndOverLongNamesAreRefused() {
        assertRefused("", "blank");
        assertRefused("   ", "blank");
        assertThatThrownBy(() -> Usernames.normalised(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThat(Usernames.normalised("a".repeat(Usernames.MAX_LENGTH))).hasSize(Usernames.MAX_LENGTH);
        assertRefused("a".repeat(Usernames.MAX_LENGTH + 1), "at most 320");
        assertThat(Usernames.normalised("🔑".repeat(Usernames.MAX_LENGTH))).hasSize(2 * Usernames.MAX_LENGTH);
    }

    @Test
    void theSkeletonIsTheSameForNamesThatLookAlikeInAnyCase() {
        assertThat(Usernames.skeletons("Admin@Example.COM"))
                .containsAnyElementsOf(Usernames.skeletons("admin@example.com"));
        // Each of one script, so each valid: only the skeleton tells that they look alike.
        assertThat(Usernames.skeletons("\u0455\u0441\u043e\u0440\u0435"))
                .containsAnyElementsOf(Usernames.skeletons("scope"));
        assertThat(Usernames.skeletons("rnodern")).containsAnyElementsOf(Usernames.skeletons("modern"));
        assertThat(Usernames.skeletons("Ivan@example.com")).as("a capital I looks like a small l")
                .containsAnyElementsOf(Usernames.skeletons("lvan@example.com"));
        assertThat(Usernames.skeletons(" admin ")).containsAnyElementsOf(Usernames.skeletons("admin"));
        assertThat(Usernames.skeletons("admin")).doesNotContainAnyElementsOf(Usernames.skeletons("bob"));
    }

    @Test
    void theSkeletonOfARefusedNameIsRefusedToo() {
        assertThatThrownBy(() -> Usernames.skeletons("ad\u200bmin")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(String username, String reason) {
        assertThatThrownBy(() -> Usernames.normalised(username)).as(escaped(username))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).as("one line, of printable ASCII")
                        .matches("[\\x20-\\x7e]+"));
        assertThatThrownBy(() -> Usernames.requireValid(username)).as(escaped(username))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String escaped(String username) {
        StringBuilder out = new StringBuilder();
        username.codePoints().forEach(cp -> out.append(cp < 0x20 || cp > 0x7e ? String.format("\\u%04x", cp)
                : Character.toString(cp)));
        return out.toString();
    }
}
