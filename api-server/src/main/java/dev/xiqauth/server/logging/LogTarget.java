package dev.xiqauth.server.logging;

/** The stream log lines go to: the server's standard output, or an admin command's standard error. */
enum LogTarget { STANDARD_OUTPUT, STANDARD_ERROR }
