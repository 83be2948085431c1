package dev.xiqauth.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The password read from standard input when it is not a terminal: its first line, exactly, or an error. */
final class PasswordReaderTest {
    private static String read(byte[] stdin) {
        return read(new ByteArrayInputStream(stdin));
    }

    private static String read(String stdin) {
        return read(stdin.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(InputStream stdin) {
        return new PasswordReader(null, stdin, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).read("bob");
    }

    @Test
    void theFirstLineIsThePasswordExactlyWithItsSpaces() {
        assertThat(read("  a pass phrase\twith spaces  \n")).isEqualTo("  a pass phrase\twith spaces  ");
        assertThat(read("pässwörd ✓ 🔑\n")).isEqualTo("pässwörd ✓ 🔑");
    }

    @Test
    void aPasswordWithoutATrailingLineEndingIsTakenWhole() {
        assertThat(read("no newline at the end")).isEqualTo("no newline at the end");
    }

    @Test
    void aWindowsLineEndingEndsTheLineAndIsNotPartOfThePassword() {
        assertThat(read("from a windows file\r\n")).isEqualTo("from a windows file");
    }

    @Test
    void aCarriageReturnInsideTheLineIsRefusedNotCutAt() {
        assertThatThrownBy(() -> read("abc\rdef\n")).isInstanceOf(AdminException.class)
                .hasMessageContaining("carriage return").hasMessageNotContaining("\n").hasMessageNotContaining("abc");
    }

    @Test
    void aCarriageReturnThatIsNotFollowedByALineFeedIsRefusedEvenAtTheEnd() {
        assertThatThrownBy(() -> read("abc\r")).isInstanceOf(AdminException.class)
                .hasMessageContaining("carriage return");
        assertThatThrownBy(() -> read("abc\r\r\n")).isInstanceOf(AdminException.class)
                .hasMessageContaining("carriage return");
    }

    @Test
    void aSecondLineIsRefusedNotDropped() {
        assertThatThrownBy(() -> read("first\nsecond\n")).isInstanceOf(AdminException.class)
                .hasMessageContaining("more than one line").hasMessageNotContaining("second");
        assertThatThrownBy(() -> read("first\r\nsecond")).isInstanceOf(AdminException.class)
                .hasMessageContaining("more than one line");
    }

    @Test
    void anEmptyLineAfterTheTerminatingLineEndingIsASecondLine() {
        assertThatThrownBy(() -> read("first\n\n")).isInstanceOf(AdminException.class)
                .hasMessageContaining("more than one line");
        assertThatThrownBy(() -> read("first\r\n\r\n")).isInstanceOf(AdminException.class)
                .hasMessageContaining("more than one line");
    }

    @Test
    void anEmptyInputOrAnEmptyFirstLineIsNoPassword() {
        assertThatThrownBy(() -> read("")).isInstanceOf(AdminException.class).hasMessageContaining("no password");
        assertThatThrownBy(() -> read("\n")).isInstanceOf(AdminException.class).hasMessageContaining("no password");
        assertThatThrownBy(() -> read("\r\n")).isInstanceOf(AdminException.class).hasMessageContaining("no password");
    }

    @Test
    void aPasswordOf1024CharactersIsTheLongestTakenCountingCharactersNotUtf16Units() {
        String longest = "🔑".repeat(1024);
        assertThat(read(longest + "\n")).isEqualTo(longest);
        assertThat(read("a".repeat(1024) + "\r\n")).hasSize(1024);
        assertThatThrownBy(() -> read("a".repeat(1025) + "\n")).isInstanceOf(AdminException.class)
                .hasMessageContaining("1024");
    }

    @Test
    void overLongInputIsRefusedAfterABoundedRead() {
        AtomicLong served = new AtomicLong();
        InputStream tenMegabytes = new InputStream() {
            @Override
            public int read() {
                return served.incrementAndGet() > 10_000_000 ? -1 : 'a';
            }
        };

        assertThatThrownBy(() -> read(tenMegabytes)).isInstanceOf(AdminException.class).hasMessageContaining("1024");
        assertThat(served.get()).isLessThanOrEqualTo(8 * 1024);
    }

    @Test
    void inputThatIsNotUtf8IsRefused() {
        byte[] latin1 = "pässword\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> read(latin1)).isInstanceOf(AdminException.class).hasMessageContaining("UTF-8");
        byte[] truncated = {'a', 'b', (byte) 0xE2, (byte) 0x9C};
        assertThatThrownBy(() -> read(truncated)).isInstanceOf(AdminException.class).hasMessageContaining("UTF-8");
        byte[] overlong = {'a', (byte) 0xC0, (byte) 0xAF, '\n'};
        assertThatThrownBy(() -> read(overlong)).isInstanceOf(AdminException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void aByteOrderMarkIsRefusedRatherThanMadePartOfThePassword() {
        byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'p', 'w', '\r', '\n'};
        assertThatThrownBy(() -> read(withBom)).isInstanceOf(AdminException.class)
                .hasMessageContaining("byte order mark");
    }
}
