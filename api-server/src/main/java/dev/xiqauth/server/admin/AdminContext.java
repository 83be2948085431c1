package dev.xiqauth.server.admin;

import dev.xiqauth.server.config.Secrets;
import java.io.PrintStream;
import java.time.Clock;

/**
 * What the admin commands get from the process: its secrets, its streams and its clock.
 *
 * @param secrets the environment's secrets (database credentials)
 * @param passwords where new passwords are read from
 * @param out where results go
 * @param clock the time of password changes and key rotations
 */
public record AdminContext(Secrets secrets, PasswordReader passwords, PrintStream out, Clock clock) {
}
