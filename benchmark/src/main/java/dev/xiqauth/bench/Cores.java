package dev.xiqauth.bench;

import java.io.IOException;
import java.util.List;

/**
 * Where the benchmark's processes run: the load generator (this JVM and {@code wrk}) on core 0, every
 * server it launches (this server, the bare Jersey app, the peer) on core 1, both sides of every ratio
 * alike, so that the generator never takes the cores of what it measures. {@code taskset} (util-linux) moves
 * processes; on a machine with one core, or without it, nothing is pinned and the report says so.
 */
final class Cores {
    static final String GENERATOR = "0";
    static final String SERVERS = "1";
    /**
     * Counted before anything is pinned: once this JVM is moved to one core, it reports one processor, and the
     * unpinned round would have moved every process to core 0.
     */
    private static final int MACHINE_CORES = Runtime.getRuntime().availableProcessors();
    /** Asked once: every launch, every {@code wrk} run and every move asks it. */
    private static final boolean AVAILABLE = probe();
    /** A move of a process whose thread ends meanwhile fails; it is tried again this many times. */
    private static final int MOVE_ATTEMPTS = 5;

    private Cores() {
    }

    /** @return whether pinning is possible here: two cores at least, and {@code taskset} */
    static boolean available() {
        return AVAILABLE;
    }

    private static boolean probe() {
        if (MACHINE_CORES < 2) {
            return false;
        }
        try {
            return new ProcessBuilder("taskset", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** @return every core of the machine, as {@code taskset} names them */
    static String all() {
        return "0-" + (MACHINE_CORES - 1);
    }

    /** @return the prefix that starts a command on the given cores, or none if pinning is not available */
    static List<String> prefix(String cores) {
        return available() ? List.of("taskset", "-c", cores) : List.of();
    }

    /** Moves every thread of a running process to the given cores. */
    static void pin(long pid, String cores) throws IOException, InterruptedException {
        if (!available()) {
            return;
        }
        String output = "";
        for (int attempt = 1; attempt <= MOVE_ATTEMPTS; attempt++) {
            // taskset -a moves the threads one by one: one that ends meanwhile fails the move ("No such process").
            Process taskset = new ProcessBuilder("taskset", "-a", "-pc", cores, Long.toString(pid))
                    .redirectErrorStream(true).start();
            output = new String(taskset.getInputStream().readAllBytes());
            if (taskset.waitFor() == 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return;
            }
        }
        throw new IOException("taskset could not move process " + pid + " to cores " + cores + ": " + output);
    }
}
