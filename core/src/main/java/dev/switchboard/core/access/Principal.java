package dev.switchboard.core.access;

import java.util.Objects;

/**
 * Who sent a request: the token it authenticated with (by its public ID and its name, never its value) and the
 * grant that token carries. The name is what systemData records as createdBy / lastModifiedBy.
 */
public record Principal(String tokenId, String name, Grant grant) {
    public Principal {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(grant, "grant");
    }
}
