package dev.xiqauth.server;

import java.io.IOException;

/** Signals to processes the tests started: a frozen machine (SIGSTOP), and its return (SIGCONT). */
final class ProcessSignals {
    private ProcessSignals() {
    }

    /** Stops the process where it is: its sockets stay open, unanswered, and its clocks run on. */
    static void freeze(long pid) throws IOException, InterruptedException {
        signal("-STOP", pid);
    }

    /** Lets a frozen process go on. */
    static void thaw(long pid) throws IOException, InterruptedException {
        signal("-CONT", pid);
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int status = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " ended with " + status);
        }
    }
}
