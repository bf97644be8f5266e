package dev.switchboard.core.store;

import dev.switchboard.core.secret.Secret;

import java.util.Optional;

/** Secrets by name. Everything else in the store refers to a secret by its name only. */
public interface SecretStore {
    void put(String name, Secret value);

    Optional<Secret> get(String name);

    void delete(String name);
}
