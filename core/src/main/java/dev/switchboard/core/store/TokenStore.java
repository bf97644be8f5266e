package dev.switchboard.core.store;

import dev.switchboard.core.id.ResourceId;

import java.util.List;
import java.util.Optional;

/** Access tokens by id, and by scope for listing. */
public interface TokenStore {
    /** Adds a token; false, and nothing written, when its id or its name is taken. */
    boolean saveToken(StoredToken token);

    Optional<StoredToken> token(String id);

    /** Tokens whose scope is {@code scope} or lies under it, by name; every token when {@code scope} is null. */
    List<StoredToken> tokensWithin(ResourceId scope);

    /** False when there was no such token. */
    boolean deleteToken(String id);
}
