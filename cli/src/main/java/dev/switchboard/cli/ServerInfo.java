package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the server is and how to authenticate, read from the data directory the server writes:
 * {@code server.json} ({@code {"url","subscriptionId"}}) and {@code token} (one line), unless a
 * token is given explicitly.
 *
 * @param tokenSource where the token came from, for error messages ("read from FILE", "from
 *     --token")
 */
record ServerInfo(String url, String subscriptionId, String token, String tokenSource) {

  static final String DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

  /** A token given explicitly, and where it came from. */
  record Token(String value, String source) {
    @Override
    public String toString() {
      return "Token[***, " + source + "]";
    }
  }

  /** {@code token}: the token to use instead of the data directory's token file, or null. */
  static ServerInfo discover(Path dataDir, String urlOverride, Token token) throws CliException {
    Path serverJson = dataDir.resolve("server.json");
    String url = urlOverride;
    String subscription = null;
    if (Files.isRegularFile(serverJson)) {
      JsonNode json;
      try {
        json = Json.parseOrNull(Files.readString(serverJson));
      } catch (IOException e) {
        throw new CliException("error: cannot read " + serverJson + ": " + e.getMessage());
      }
      if (json == null || !json.isObject()) {
        throw new CliException("error: " + serverJson + " is not a JSON object");
      }
      if (url == null) {
        url = Json.text(json, "url");
      }
      subscription = Json.text(json, "subscriptionId");
    }
    if (url == null || url.isBlank()) {
      throw noServer(dataDir.toString());
    }
    url = stripTrailingSlash(url.strip());
    Token t = token != null ? token : tokenFile(dataDir.resolve("token"), url);
    if (subscription == null || subscription.isBlank()) {
      subscription = DEFAULT_SUBSCRIPTION;
    }
    return new ServerInfo(url, subscription, t.value(), t.source());
  }

  private static Token tokenFile(Path tokenFile, String url) throws CliException {
    if (!Files.isRegularFile(tokenFile)) {
      throw noServer(url);
    }
    String token;
    try {
      token = Files.readString(tokenFile).lines().findFirst().orElse("").strip();
    } catch (IOException e) {
      throw new CliException("error: cannot read " + tokenFile + ": " + e.getMessage());
    }
    if (token.isEmpty()) {
      throw noServer(url);
    }
    return new Token(token, "read from " + tokenFile);
  }

  static CliException noServer(String where) {
    return new CliException(
        "error: no Switchboard server at " + where + " (start one with 'bin/switchboard serve')");
  }

  private static String stripTrailingSlash(String s) {
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  @Override
  public String toString() {
    return "ServerInfo[url=" + url + ", subscriptionId=" + subscriptionId + ", token=***]";
  }
}
