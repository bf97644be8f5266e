package dev.switchboard.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a PostgreSQL store lives, as configured: pgjdbc's {@code jdbc:postgresql://host:port/db?...} or the libpq
 * URI {@code postgresql://user:password@host:port/db?...} (also {@code postgres://}; percent-encode special
 * characters in the user and password). Credentials given apart win over those in the URI. The password never
 * appears in {@link #toString()} or in an error.
 */
record PgUrl(String jdbcUrl, String user, String password) {
    private static final String JDBC = "jdbc:postgresql://";

    static PgUrl parse(String url, String user, String password) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("the PostgreSQL store URL is missing");
        if (url.startsWith(JDBC)) return new PgUrl(url, user, password);
        String rest = stripScheme(url);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String tail = slash < 0 ? "" : rest.substring(slash);
        int at = authority.lastIndexOf('@');
        if (at < 0) return new PgUrl(JDBC + authority + tail, user, password);
        String info = authority.substring(0, at);
        int colon = info.indexOf(':');
        String uriUser = decode(colon < 0 ? info : info.substring(0, colon));
        String uriPassword = colon < 0 ? null : decode(info.substring(colon + 1));
        return new PgUrl(JDBC + authority.substring(at + 1) + tail, user != null ? user : uriUser,
                password != null ? password : uriPassword);
    }

    private static String stripScheme(String url) {
        for (String scheme : new String[] {"postgresql://", "postgres://"}) {
            if (url.startsWith(scheme)) return url.substring(scheme.length());
        }
        String shown = url.replaceFirst("//[^/@]*@", "//***@");
        throw new IllegalArgumentException("the PostgreSQL store URL must start with jdbc:postgresql://, postgresql:// or postgres://,"
                + " not " + shown);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return jdbcUrl + (user == null ? "" : " as " + user);
    }
}
