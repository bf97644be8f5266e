package dev.switchboard.server;

import dev.switchboard.core.access.Principal;

import java.util.Optional;

/** Turns a bearer value into the principal it proves, or nothing (a 401). */
@FunctionalInterface
public interface Authenticator {
    Optional<Principal> authenticate(String bearer);
}
