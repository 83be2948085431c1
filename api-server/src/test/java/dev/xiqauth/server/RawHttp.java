package dev.xiqauth.server;

import dev.xiqauth.server.conformance.ContractValidation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
