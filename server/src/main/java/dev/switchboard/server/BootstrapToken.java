package dev.switchboard.server;

import dev.switchboard.core.access.Grant;
import dev.switchboard.core.access.Role;
import dev.switchboard.core.access.TokenHash;
import dev.switchboard.core.access.TokenValue;
import dev.switchboard.core.store.StoredToken;
import dev.switchboard.core.store.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The bootstrap token: an Owner over everything, named {@value StoredToken#BOOTSTRAP_NAME}, whose value lives in the data directory's
 * token file (owner-only) so that whoever runs the server can always reach it. The file is the source of truth:
 * on every start its value is made to match the stored row, so a data directory from before tokens had ids (a
 * plain token) keeps working, migrated into a row with id {@value #LEGACY_ID}.
 */
final class BootstrapToken {
    static final String LEGACY_ID = "bootstrap";
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapToken.class);
    private final DataDirectory data;
    private final TokenStore tokens;
    private final RandomGenerator random;
    private final Clock clock;

    BootstrapToken(DataDirectory data, TokenStore tokens, RandomGenerator random, Clock clock) {
        this.data = data;
        this.tokens = tokens;
        this.random = random;
        this.clock = clock;
    }

    /** Makes the token file and the stored row agree (creating both on first start); returns the token's value. */
    String ensure() {
        String value = data.readToken().orElseGet(() -> {
            String minted = TokenValue.mint(random).full().reveal();
            // The file first: should the process die before the row is saved, the next start saves it from the file.
            data.writeToken(minted);
            return minted;
        });
        StoredToken wanted = row(value);
        Optional<StoredToken> current = tokens.tokensWithin(null).stream().filter(StoredToken::isBootstrap).findFirst();
        if (current.isPresent() && current.get().id().equals(wanted.id()) && current.get().secretHash().equals(wanted.secretHash())) {
            return value;
        }
        current.ifPresent(t -> tokens.deleteToken(t.id()));
        if (!tokens.saveToken(wanted)) throw new IllegalStateException("the bootstrap token's id " + wanted.id() + " is taken");
        LOG.info("bootstrap token (id {}) stored from {}", wanted.id(), data.root().resolve("token"));
        return value;
    }

    private StoredToken row(String value) {
        Optional<TokenValue> parsed = TokenValue.parse(value);
        String id = parsed.map(TokenValue::id).orElse(LEGACY_ID);
        String hash = TokenHash.of(parsed.map(v -> v.secret().reveal()).orElse(value));
        return new StoredToken(id, StoredToken.BOOTSTRAP_NAME, hash, new Grant(Role.OWNER, null), clock.instant(), "switchboard");
    }
}
