package dev.xiqauth.server.user;

import com.sun.jna.Platform;

/**
 * Makes the calling thread yield the CPU to every other thread of normal priority: on Linux, nice
 * 19 for that thread alone (a nice value is a per-thread attribute there), which needs no privilege.
 * Java's own thread priorities change nothing on Linux unless the JVM is started with flags that
 * print a warning for every user but root, so this asks the kernel directly, through the JNA that
 * the Argon2 binding already loads.
 */
public final class BackgroundPriority {
    private static final int PRIO_PROCESS = 0;
    private static final int CALLING_THREAD = 0;
    private static final int LOWEST = 19;

    private BackgroundPriority() {
    }

    /** @return whether the calling thread now runs at the lowest priority; false where that is not possible */
    public static boolean applyToCallingThread() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            return libc().setpriority(PRIO_PROCESS, CALLING_THREAD, LOWEST) == 0;
        } catch (UnsatisfiedLinkError | RuntimeException unavailable) {
            return false;
        }
    }

    /** @return the calling thread's nice value, for tests */
    static int niceOfCallingThread() {
        return libc().getpriority(PRIO_PROCESS, CALLING_THREAD);
    }

    private static CLibrary libc() {
        return CLibrary.get();
    }
}
