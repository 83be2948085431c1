package dev.xiqauth.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over a plain socket, one request per connection, for requests a client library mishandles. */
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
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static AdversarialRequestsTest.Reply parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("not an HTTP response: " + text);
        }
        String contentType = null;
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).strip();
            }
        }
        int status = Integer.parseInt(text.substring(9, 12));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(raw, end + 4, raw.length - end - 4);
        return new AdversarialRequestsTest.Reply(status, contentType, body.toByteArray());
    }

}
