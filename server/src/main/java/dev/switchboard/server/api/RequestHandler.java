package dev.switchboard.server.api;

import dev.switchboard.core.access.Principal;

/** What the HTTP face hands an authenticated request to. */
public interface RequestHandler {
    ApiResponse handle(ApiRequest req, Principal who);
}
