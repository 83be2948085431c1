package dev.xiqauth.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, as Linux's {@code /proc} tells them: the socket inodes among
 * the process's open files, looked up in the kernel's TCP tables (IPv4 and IPv6) of its network.
 * Whatever opened a socket (Grizzly, H2, anything else in the process), it is found here.
 */
final class ListeningSockets {
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** @return whether this system has the tables this class reads */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/net/tcp"));
    }

    /**
     * @param pid the process
     * @return the local address and port of each socket it listens on
     */
    static List<InetSocketAddress> of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        Set<String> inodes = socketInodes(proc.resolve("fd"));
        List<InetSocketAddress> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = proc.resolve("net").resolve(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String line : lines.subList(1, lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
                    listening.add(address(fields[1]));
                }
            }
        }
        return listening;
    }

    private static Set<String> socketInodes(Path fds) {
        try (Stream<Path> files = Files.list(fds)) {
            return files.map(ListeningSockets::linkOrEmpty).map(SOCKET_LINK::matcher).filter(Matcher::matches)
                    .map(matcher -> matcher.group(1)).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String linkOrEmpty(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
            return "";
        }
    }

    /** Decodes {@code 0100007F:1F90}: the address as 32-bit words in host (little-endian) order, and the port. */
    private static InetSocketAddress address(String field) {
        String[] parts = field.split(":");
        byte[] words = HexFormat.of().parseHex(parts[0]);
        byte[] address = new byte[words.length];
        for (int word = 0; word < words.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                address[word + i] = words[word + 3 - i];
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + field, e);
        }
    }
}
