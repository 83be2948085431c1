package dev.xiqauth.server;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A guarded service in a process of its own, for the tests that freeze or kill it: {@code <auth server URI>
 * <credential file>}. It prints the address of its {@code whoami} once it serves, and serves until killed.
 */
public final class GuardedServiceMain {
    private GuardedServiceMain() {
    }

    public static void main(String[] args) throws Exception {
        String credential = Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII).strip();
        GuardedService service = GuardedService.start(URI.create(args[0]), credential).awaitLease();
        System.out.println("serving " + service.whoami());
        System.out.flush();
        Thread.currentThread().join();
    }
}
