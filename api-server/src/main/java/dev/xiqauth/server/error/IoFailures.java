package dev.xiqauth.server.error;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file could not be used, in words an operator acts on: the JDK's file exceptions carry only the
 * path as their message, so that "cannot read X: X" said nothing.
 */
public final class IoFailures {
    private IoFailures() {
    }

    /** @return the reason, without the path, for example {@code no such file} or {@code permission denied} */
    public static String reason(IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return "no such file";
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof NotDirectoryException) {
            return "a part of the path is not a directory";
        }
        if (failure instanceof CharacterCodingException) {
            return "not text";
        }
        if (failure instanceof FileSystemException system && system.getReason() != null) {
            return system.getReason(); // "Is a directory", "Too many open files"...
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
