package dev.xiqauth.server.user;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a username may be, and its one stored form: what the contract lets a login send, minus whatever
 * could make two names that look the same on a screen be two users.
 *
 * <p>{@link #normalised} gives the stored form: the name in Unicode NFC (so that {@code e} followed by a
 * combining acute accent and the precomposed {@code é} are one name), with surrounding spaces trimmed
 * ({@link String#strip()}: the space and Unicode's other breaking spaces, such as the ideographic one).
 * It refuses, with a one-line reason that never repeats the name itself:
 * <ul>
 *   <li>control characters (a tab, a line feed, a carriage return from a Windows file), anywhere, even at
 *       the ends: they say the name came from somewhere it should not have;</li>
 *   <li>format characters (general category Cf: zero-width spaces and joiners, bidirectional controls
 *       such as U+202E, the byte order mark, the soft hyphen), which are invisible or reorder the text;</li>
 *   <li>white space inside the name, or at its ends when it does not break (no-break spaces), other than
 *       the plain space U+0020: a name with a U+00A0 looks just like one with a space, or with none;</li>
 *   <li>other characters Unicode makes invisible (Default_Ignorable_Code_Point: Hangul fillers, variation
 *       selectors, the combining grapheme joiner), and private-use, unassigned or unpaired surrogate code
 *       points, which no two screens show alike;</li>
 *   <li>names that fail Unicode's security checks for identifiers (UTS #39, through ICU4J's
 *       {@link SpoofChecker}, see {@link #CHECKER}): letters of scripts that look alike mixed in one name
 *       (a Cyrillic {@code а} among Latin letters), digits of two number systems, a combining mark
 *       repeated on one letter, a dot above hidden by the dot of {@code i}.</li>
 * </ul>
 *
 * <p>Names that pass can still look alike when each is of one script (the Cyrillic {@code ѕсоре} and the
 * Latin {@code scope}): {@link #skeleton} maps both to one string, for a store to keep names unique by.
 */
public final class Usernames {
    /** The contract's {@code maxLength} of {@code username}. */
    public static final int MAX_LENGTH = 320;

    /**
     * UTS #39's checks of one identifier. The restriction level is MODERATELY_RESTRICTIVE: a name may be
     * of one script (Cyrillic, Greek, Arabic, ...), or Latin with Chinese and Japanese or Korean (as
     * HIGHLY_RESTRICTIVE allows), or Latin with any one other recommended script except Cyrillic and
     * Greek, whose letters are the ones that pass for Latin. HIGHLY_RESTRICTIVE would refuse an e-mail
     * address whose local part is Hebrew, Arabic or Devanagari and whose domain is Latin, for no gain
     * against look-alikes; MINIMALLY_RESTRICTIVE would let the Cyrillic {@code а} into a Latin name,
     * which is the attack. The punctuation of addresses ({@code @ . + - _}) and ASCII digits belong to
     * every script, so they never make a name mixed. A Cyrillic or Greek local part with a Latin domain
     * ({@code иван@example.com}) is refused by this rule too: that is its price.
     *
     * <p>The other checks: INVISIBLE (a combining mark repeated on one letter, which shows once),
     * MIXED_NUMBERS (digits of two decimal systems, {@code 1} beside a Bengali {@code ২}) and
     * HIDDEN_OVERLAY ({@code i} followed by a combining dot above, which looks like {@code i}). CHAR_LIMIT
     * is left out: UTS #39's identifier profile has no {@code @} or {@code +}, which addresses need; the
     * characters it would keep out that matter here are refused above by their Unicode category. A
     * SpoofChecker is safe for concurrent use once built.
     */
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS
                    | SpoofChecker.HIDDEN_OVERLAY)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.MODERATELY_RESTRICTIVE)
            .build();

    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();
    private static final Normalizer2 NFD = Normalizer2.getNFDInstance();

    private Usernames() {
    }

    /**
     * @param username a name as given: on the command line, in the environment, in a login
     * @return its stored form: NFC, without surrounding spaces
     * @throws IllegalArgumentException with a one-line reason if the name may not be a username
     */
    public static String normalised(String username) {
        if (username == null) {
            throw new IllegalArgumentException("a username must not be blank");
        }
        // Before trimming, which would take a tab or a line break at the ends away silently.
        username.codePoints().filter(UCharacter::isISOControl).findFirst().ifPresent(cp -> {
            throw refusal("control characters", cp);
        });
        String name = NFC.normalize(username).strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a username must not be blank");
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException("a username has at most " + MAX_LENGTH + " characters");
        }
        name.codePoints().forEach(Usernames::requireVisible);
        SpoofChecker.CheckResult result = new SpoofChecker.CheckResult();
        // In NFD: ICU looks for a repeated mark in the NFD form but only as far as the given string's length,
        // so in NFC it misses one on the last letters ("x" and two U+0308). The other checks read scripts and
        // digits, which NFD keeps.
        if (CHECKER.failsChecks(NFD.normalize(name), result)) {
            throw new IllegalArgumentException(spoofReason(name, result.checks));
        }
        return name;
    }

    /**
     * For stores: the name they are given must be valid and in the form {@link #normalised} gives it.
     *
     * @param username a name to store
     * @throws IllegalArgumentException if it is not a valid username, or not in its stored form
     */
    public static void requireValid(String username) {
        if (!normalised(username).equals(username)) {
            throw new IllegalArgumentException("a username must be stored in its normal form (NFC, without "
                    + "surrounding spaces)");
        }
    }

    /**
     * The UTS #39 skeletons of the stored form as written and lower-cased: two names look alike when their sets
     * meet (in any case: {@code Admin} and {@code admin}, {@code rn} and {@code m}, {@code Ivan} and
     * {@code lvan}, the Cyrillic {@code ѕсоре} and the Latin {@code scope}), so a store that keeps them apart
     * keeps look-alikes out. Both forms, since lower-casing first loses confusables of capitals ({@code I} and
     * {@code l}), and the stores compare names without regard to case. A skeleton is for comparing only: it is
     * neither shown nor a valid name.
     *
     * @param username a name as given
     * @return its skeletons, one or two
     * @throws IllegalArgumentException as {@link #normalised} does
     */
    public static Set<String> skeletons(String username) {
        String name = normalised(username);
        return Set.copyOf(List.of(CHECKER.getSkeleton(name), CHECKER.getSkeleton(name.toLowerCase(Locale.ROOT))));
    }

    private static void requireVisible(int cp) {
        int type = UCharacter.getType(cp);
        if (type == UCharacterCategory.FORMAT) {
            throw refusal("invisible format characters", cp);
        }
        if (cp != ' ' && (UCharacter.isUWhiteSpace(cp) || type == UCharacterCategory.SPACE_SEPARATOR)) {
            throw refusal("white space other than a plain space", cp);
        }
        if (type == UCharacterCategory.PRIVATE_USE || type == UCharacterCategory.SURROGATE
                || type == UCharacterCategory.UNASSIGNED) {
            throw refusal("unassigned, private-use or surrogate characters", cp);
        }
        if (UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
            throw refusal("invisible characters", cp);
        }
    }

    private static IllegalArgumentException refusal(String what, int cp) {
        return new IllegalArgumentException("a username must not hold " + what + " (" + describe(cp) + ")");
    }

    private static String describe(int cp) {
        // Control characters and surrogates have no name: their number says it all.
        String name = UCharacter.getName(cp);
        return String.format(Locale.ROOT, "U+%04X", cp) + (name == null ? "" : " " + name);
    }

    private static String spoofReason(String name, int checks) {
        if ((checks & SpoofChecker.RESTRICTION_LEVEL) != 0) {
            TreeSet<String> scripts = new TreeSet<>();
            name.codePoints().map(UScript::getScript)
                    .filter(script -> script != UScript.COMMON && script != UScript.INHERITED)
                    .forEach(script -> scripts.add(UScript.getName(script)));
            return "a username must not mix letters of scripts that look alike (" + String.join(", ", scripts)
                    + "): write it in one script";
        }
        if ((checks & SpoofChecker.MIXED_NUMBERS) != 0) {
            return "a username must not mix digits of different number systems";
        }
        if ((checks & SpoofChecker.HIDDEN_OVERLAY) != 0) {
            return "a username must not put a dot above on a letter that has a dot: it is invisible";
        }
        return "a username must not hold invisible characters (a combining mark repeated on one letter)";
    }
}
