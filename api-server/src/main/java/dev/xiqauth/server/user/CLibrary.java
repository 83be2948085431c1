package dev.xiqauth.server.user;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** The few functions of the C library (glibc, on Linux) that hashing tunes itself with, through JNA. */
interface CLibrary extends Library {
    int setpriority(int which, int who, int prio);

    int getpriority(int which, int who);

    int mallopt(int param, int value);

    /**
     * @return the C library, loaded on first use only, so that a platform without it never tries
     * @throws UnsatisfiedLinkError if it cannot be loaded
     */
    static CLibrary get() {
        return Holder.LIBC;
    }

    /** The loaded library. */
    final class Holder {
        static final CLibrary LIBC = Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);

        private Holder() {
        }
    }
}
