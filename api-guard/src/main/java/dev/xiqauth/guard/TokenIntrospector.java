package dev.xiqauth.guard;

/** Asks what a token is worth. Implementations are thread-safe. */
interface TokenIntrospector {
    /**
     * @param token a Bearer token a request presented
     * @return what the auth server says of it; never throws for an answer it cannot get, but says so
     */
    Introspection introspect(String token);
}
