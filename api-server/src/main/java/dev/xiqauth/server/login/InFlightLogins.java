package dev.xiqauth.server.login;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The login attempts under way on this instance, one per slot at most. A failure count is read
 * before the hash and updated after it: without one attempt per slot at a time, a burst of guesses
 * sent the moment a wait ends would all pass the read before any of their failures were written.
 */
final class InFlightLogins {
    private final Set<String> underWay = ConcurrentHashMap.newKeySet();

    /** @return whether the slot was free, and is now taken */
    boolean enter(String slot) {
        return underWay.add(slot);
    }

    void leave(String slot) {
        underWay.remove(slot);
    }
}
