package dev.switchboard.server;

import dev.switchboard.core.access.Principal;
import dev.switchboard.core.access.TokenHash;
import dev.switchboard.core.access.TokenValue;
import dev.switchboard.core.store.TokenStore;

import java.util.Optional;

/**
 * Authenticates {@code sb.<id>.<secret>} tokens against the stored hashes. A value not in that format can only be
 * the old plain bootstrap token of a data directory made before tokens had ids, stored under {@link BootstrapToken#LEGACY_ID}.
 * A deleted token's row is gone, so it fails here on its next request.
 */
final class TokenAuthenticator implements Authenticator {
    /** Longer values are not tokens; refusing them early keeps a huge header from being hashed. */
    private static final int MAX_LENGTH = 256;
    private final TokenStore tokens;

    TokenAuthenticator(TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<Principal> authenticate(String bearer) {
        if (bearer == null || bearer.isEmpty() || bearer.length() > MAX_LENGTH) return Optional.empty();
        Optional<TokenValue> parsed = TokenValue.parse(bearer);
        String id = parsed.map(TokenValue::id).orElse(BootstrapToken.LEGACY_ID);
        String secret = parsed.map(v -> v.secret().reveal()).orElse(bearer);
        return tokens.token(id).filter(t -> TokenHash.matches(t.secretHash(), secret))
                .map(t -> new Principal(t.id(), t.name(), t.grant()));
    }
}
