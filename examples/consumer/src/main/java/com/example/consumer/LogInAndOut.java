package com.example.consumer;

import dev.xiqauth.client.XiqAuthClient;
import dev.xiqauth.client.XiqAuthException;
import dev.xiqauth.client.XiqSession;
import java.net.URI;

/** Logs in to the server named by XIQ_AUTH_URL as XIQ_USERNAME / XIQ_PASSWORD, then logs out. */
public final class LogInAndOut {
    private LogInAndOut() {
    }

    public static void main(String[] args) {
        URI server = URI.create(System.getenv().getOrDefault("XIQ_AUTH_URL", "http://localhost:8081"));
        try (XiqAuthClient xiq = XiqAuthClient.create(server);
                XiqSession session = xiq.login(System.getenv("XIQ_USERNAME"), System.getenv("XIQ_PASSWORD"))) {
            System.out.println("logged in to " + server + "; the token expires at " + session.expiresAt());
        } catch (XiqAuthException e) {
            System.err.println("failed: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("logged out");
    }
}
