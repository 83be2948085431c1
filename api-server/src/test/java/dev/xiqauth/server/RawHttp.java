package dev.xiqauth.server;

import dev.xiqauth.server.conformance.ContractValidation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, for requests a client library mishandles.
 * Every response is checked against the contract (see {@link ContractValidation}).
 */
final class RawHttp {
    private RawHttp() {
    }

    static AdversarialRequestsTest.Reply send(URI base, String method, String path, Map<String, List<String>> headers,
            byte[] body) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder(method + " /" + path + " HTTP/1.1\r\nHost: localhost\r\n");
            headers.forEach((name, values) -> values.forEach(value -> head.append(name).append(": ").append(value)
                    .append("\r\n")));
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException refusedMidUpload) {
                // The server answered and closed early: its answer is still there to read.
            }
            AdversarialRequestsTest.Reply reply = parse(socket.getInputStream().readAllBytes());
            int query = path.indexOf('?');
            ContractValidation.shared().check(new ContractValidation.Exchange(method,
                    "/" + (query < 0 ? path : path.substring(0, query)), reply.status(), reply.headers(), reply.body()));
            return reply;
        }
    }

    /**
     * Sends bytes exactly as given on one connection, from the given local address, and reads every
     * response until the server closes the connection or stays silent for {@code quiet}. Every
     * response is checked against the contract as an answer to {@code method} {@code path}.
     *
     * @return the responses, in order, and whether the server closed the connection
     */
    static Exchange exchange(URI base, String fromAddress, byte[] request, Duration quiet, String method, String path)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(fromAddress, 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(Math.toIntExact(quiet.toMillis()));
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException refusedMidUpload) {
                // The server answered and closed early: its answer is still there to read.
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed = false;
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) >= 0;) {
                    received.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException silent) {
                // The connection is still open: what was answered is all there is.
            } catch (SocketException reset) {
                closed = true;
            }
            List<AdversarialRequestsTest.Reply> replies = new ArrayList<>();
            byte[] raw = received.toByteArray();
            for (int offset = 0; offset < raw.length;) {
                int headEnd = indexOf(raw, offset, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                if (headEnd < 0) {
                    throw new IOException("an incomplete response: " + new String(raw, offset, raw.length - offset,
                            StandardCharsets.ISO_8859_1));
                }
                String head = new String(raw, offset, headEnd - offset, StandardCharsets.ISO_8859_1);
                int length = contentLength(head);
                int end = Math.min(raw.length, headEnd + 4 + length);
                byte[] one = new byte[end - offset];
                System.arraycopy(raw, offset, one, 0, one.length);
                AdversarialRequestsTest.Reply reply = parse(one);
                ContractValidation.shared().check(new ContractValidation.Exchange(method, path, reply.status(),
                        reply.headers(), reply.body()));
                replies.add(reply);
                offset = end;
            }
            return new Exchange(replies, closed);
        }
    }

    /**
     * What came back on one connection.
     *
     * @param replies every response, in order
     * @param closed whether the server closed the connection
     */
    record Exchange(List<AdversarialRequestsTest.Reply> replies, boolean closed) {
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    private static int indexOf(byte[] data, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static AdversarialRequestsTest.Reply parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("not an HTTP response: " + text);
        }
        String contentType = null;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String[] lines = text.substring(0, end).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).strip();
            headers.computeIfAbsent(name, key -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
            if (name.toLowerCase(Locale.ROOT).equals("content-type")) {
                contentType = lines[i].substring(colon + 1).strip();
            }
        }
        int status = Integer.parseInt(text.substring(9, 12));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(raw, end + 4, raw.length - end - 4);
        return new AdversarialRequestsTest.Reply(status, contentType, headers, body.toByteArray());
    }

}
