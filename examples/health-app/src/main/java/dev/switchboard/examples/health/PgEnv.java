package dev.switchboard.examples.health;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds PostgreSQL connections in environment variables named the way Azure Service Connector names them
 * for auth type {@code secret} (see reference/config-names/service-connector-names.json, target postgresql).
 *
 * <p>Parse errors never quote the offending value: it may contain a password.
 */
public final class PgEnv {

    private static final Pattern AZURE = Pattern.compile(
            "AZURE_POSTGRESQL_(?:(.+)_)?(CONNECTIONSTRING|HOST|PORT|DATABASE|NAME|USER|USERNAME|PASSWORD|SSL)");
    private static final String DEFAULT = "default";

    private PgEnv() {}

    /** All connections configured in {@code env}, the default one first, then by name. */
    public static List<PgConnection> fromEnv(Map<String, String> env) {
        Map<String, Map<String, String>> groups = new TreeMap<>((a, b) ->
                a.equals(b) ? 0 : a.equals(DEFAULT) ? -1 : b.equals(DEFAULT) ? 1 : a.compareTo(b));
        for (Map.Entry<String, String> e : env.entrySet()) {
            Matcher m = AZURE.matcher(e.getKey());
            if (m.matches() && e.getValue() != null) {
                String name = m.group(1) == null ? DEFAULT : m.group(1).toLowerCase(Locale.ROOT);
                groups.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(m.group(2), e.getValue());
            }
        }
        List<PgConnection> result = new ArrayList<>();
        groups.forEach((name, vars) -> {
            PgConnection c = fromAzureGroup(name, vars);
            if (c != null) result.add(c);
        });
        // Spring Boot properties (springBoot client type); SPRING_DATASOURCE_* is Spring's relaxed env form.
        String url = first(env, "spring.datasource.url", "SPRING_DATASOURCE_URL");
        if (url != null && !url.isBlank()) {
            String name = groups.containsKey(DEFAULT) ? "spring" : DEFAULT;
            Map<String, String> kv;
            try {
                kv = parseJdbcUrl(url.strip());
            } catch (IllegalArgumentException ex) {
                result.add(PgConnection.invalid(name, "spring", "spring.datasource.url: " + ex.getMessage()));
                return result;
            }
            putIfNotNull(kv, "user", first(env, "spring.datasource.username", "SPRING_DATASOURCE_USERNAME"));
            putIfNotNull(kv, "password", first(env, "spring.datasource.password", "SPRING_DATASOURCE_PASSWORD"));
            result.add(toConnection(name, "spring", kv));
        }
        return result;
    }

    private static PgConnection fromAzureGroup(String name, Map<String, String> vars) {
        String cs = vars.get("CONNECTIONSTRING");
        if (cs != null && !cs.isBlank()) return fromConnectionString(name, cs);
        if (vars.get("HOST") == null) return null; // e.g. only a CLIENTID/PASSWORD left over: not a connection
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("host", vars.get("HOST"));
        putIfNotNull(kv, "port", vars.get("PORT"));
        putIfNotNull(kv, "password", vars.get("PASSWORD"));
        boolean django = vars.containsKey("NAME") && !vars.containsKey("DATABASE");
        putIfNotNull(kv, "dbname", django ? vars.get("NAME") : vars.get("DATABASE"));
        putIfNotNull(kv, "user", vars.get("USER") != null ? vars.get("USER") : vars.get("USERNAME"));
        putIfNotNull(kv, "sslmode", sslFlag(vars.get("SSL")));
        return toConnection(name, django ? "django" : "split", kv);
    }

    /** A connection string in any of the shapes Service Connector writes: JDBC URL, .NET, or libpq keywords. */
    static PgConnection fromConnectionString(String name, String cs) {
        String s = cs.strip();
        String shape = s.regionMatches(true, 0, "jdbc:postgresql:", 0, 16) ? "jdbc" : looksDotnet(s) ? "dotnet" : "libpq";
        try {
            Map<String, String> kv = switch (shape) {
                case "jdbc" -> parseJdbcUrl(s);
                case "dotnet" -> parseDotnet(s);
                default -> parseLibpq(s);
            };
            return toConnection(name, shape, kv);
        } catch (IllegalArgumentException e) {
            return PgConnection.invalid(name, shape, "cannot parse connection string: " + e.getMessage());
        }
    }

    /** Builds a connection from libpq keywords (host, port, dbname, user, password, sslmode). */
    private static PgConnection toConnection(String name, String shape, Map<String, String> kv) {
        String host = kv.get("host");
        if (host == null || host.isBlank()) host = kv.getOrDefault("hostaddr", "localhost");
        host = host.split(",")[0].strip(); // multi-host lists: check the first one
        int port = PgConnection.DEFAULT_PORT;
        String p = kv.get("port");
        if (p != null && !p.isBlank()) {
            try {
                port = Integer.parseInt(p.split(",")[0].strip());
            } catch (NumberFormatException e) {
                return PgConnection.invalid(name, shape, "port is not a number");
            }
        }
        String ssl = kv.get("sslmode");
        ssl = ssl == null || ssl.isBlank() ? "prefer" : ssl.strip().toLowerCase(Locale.ROOT);
        return new PgConnection(name, shape, host, port, emptyToNull(kv.get("dbname")), emptyToNull(kv.get("user")),
                kv.get("password"), ssl, null);
    }

    /** {@code AZURE_POSTGRESQL_SSL}: true/false as written by Service Connector, or an sslmode. */
    private static String sslFlag(String v) {
        if (v == null || v.isBlank()) return null;
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> "require";
            case "false", "0", "no", "off" -> "disable";
            default -> v.strip();
        };
    }

    // ---------------------------------------------------------------- JDBC

    /** {@code jdbc:postgresql://host[:port][,host2…]/database?k=v&…} → libpq keywords. */
    static Map<String, String> parseJdbcUrl(String url) {
        if (!url.regionMatches(true, 0, "jdbc:postgresql:", 0, 16)) throw new IllegalArgumentException("not a jdbc:postgresql: URL");
        String rest = url.substring(16);
        Map<String, String> kv = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String main = q < 0 ? rest : rest.substring(0, q);
        if (main.startsWith("//")) {
            main = main.substring(2);
            int slash = main.indexOf('/');
            String authority = slash < 0 ? main : main.substring(0, slash);
            main = slash < 0 ? "" : main.substring(slash + 1);
            String hostPort = authority.split(",")[0];
            if (hostPort.startsWith("[")) { // IPv6 literal
                int end = hostPort.indexOf(']');
                if (end < 0) throw new IllegalArgumentException("unterminated IPv6 address");
                kv.put("host", hostPort.substring(1, end));
                if (hostPort.startsWith(":", end + 1)) kv.put("port", hostPort.substring(end + 2));
            } else {
                int colon = hostPort.lastIndexOf(':');
                kv.put("host", colon < 0 ? hostPort : hostPort.substring(0, colon));
                if (colon >= 0) kv.put("port", hostPort.substring(colon + 1));
            }
        }
        if (!main.isEmpty()) kv.put("dbname", decode(main));
        for (String param : query.split("&")) {
            if (param.isEmpty()) continue;
            int eq = param.indexOf('=');
            String k = decode(eq < 0 ? param : param.substring(0, eq));
            kv.put(k, eq < 0 ? "" : decode(param.substring(eq + 1)));
        }
        return kv;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad %-escape in URL");
        }
    }

    // ---------------------------------------------------------------- libpq

    /**
     * libpq keyword/value string: {@code host=h port=5432 dbname='my db' password='it\'s'}. Spaces around '='
     * are allowed; values may be single-quoted; inside a value, {@code \'} and {@code \\} escape.
     */
    static Map<String, String> parseLibpq(String s) {
        Map<String, String> kv = new LinkedHashMap<>();
        int i = 0, n = s.length();
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            if (i >= n) return kv;
            int start = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
            String key = s.substring(start, i);
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            if (key.isEmpty() || i >= n || s.charAt(i) != '=')
                throw new IllegalArgumentException("missing \"=\" after \"" + key + "\"");
            i++;
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            StringBuilder v = new StringBuilder();
            if (i < n && s.charAt(i) == '\'') {
                i++;
                while (true) {
                    if (i >= n) throw new IllegalArgumentException("unterminated quoted value for \"" + key + "\"");
                    char c = s.charAt(i++);
                    if (c == '\'') break;
                    if (c == '\\' && i < n) c = s.charAt(i++);
                    v.append(c);
                }
            } else {
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) c = s.charAt(i++);
                    v.append(c);
                }
            }
            kv.put(key.toLowerCase(Locale.ROOT), v.toString());
        }
    }

    // ---------------------------------------------------------------- .NET (Npgsql)

    private static boolean looksDotnet(String s) {
        int eq = s.indexOf('=');
        if (eq < 0) return false;
        String firstKey = s.substring(0, eq).strip();
        // libpq keywords are lower-case single words; Npgsql's are "Server", "User Id", "Ssl Mode"…
        if (!firstKey.isEmpty() && (Character.isUpperCase(firstKey.charAt(0)) || firstKey.contains(" "))) return true;
        return hasUnquotedSemicolon(s);
    }

    private static boolean hasUnquotedSemicolon(String s) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == '\'') quoted = !quoted;
            else if (c == ';' && !quoted) return true;
        }
        return false;
    }

    /**
     * ADO.NET / Npgsql string: {@code Server=h;Database=d;Port=5432;Ssl Mode=Require;User Id=u;Password=p;}.
     * Keys are case-insensitive and may contain spaces; values may be double-quoted ({@code ""} escapes a quote)
     * or single-quoted ({@code ''} escapes).
     */
    static Map<String, String> parseDotnet(String s) {
        Map<String, String> kv = new LinkedHashMap<>();
        int i = 0, n = s.length();
        while (true) {
            while (i < n && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == ';')) i++;
            if (i >= n) return kv;
            int eq = s.indexOf('=', i);
            int semi = s.indexOf(';', i);
            if (eq < 0 || (semi >= 0 && semi < eq)) throw new IllegalArgumentException("a key without \"=\"");
            String key = s.substring(i, eq).strip();
            i = eq + 1;
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            String value;
            if (i < n && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                char quote = s.charAt(i++);
                StringBuilder v = new StringBuilder();
                while (true) {
                    if (i >= n) throw new IllegalArgumentException("unterminated quoted value for \"" + key + "\"");
                    char c = s.charAt(i++);
                    if (c == quote) {
                        if (i < n && s.charAt(i) == quote) { v.append(quote); i++; continue; }
                        break;
                    }
                    v.append(c);
                }
                while (i < n && Character.isWhitespace(s.charAt(i))) i++;
                if (i < n && s.charAt(i) != ';') throw new IllegalArgumentException("text after quoted value for \"" + key + "\"");
                value = v.toString();
            } else {
                int end = s.indexOf(';', i);
                if (end < 0) end = n;
                value = s.substring(i, end).strip();
                i = end;
            }
            String canonical = dotnetKey(key);
            if (canonical != null) kv.put(canonical, canonical.equals("sslmode") ? dotnetSslMode(value) : value);
        }
    }

    private static String dotnetKey(String key) {
        return switch (key.toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "")) {
            case "server", "host", "datasource" -> "host";
            case "port" -> "port";
            case "database", "db", "initialcatalog" -> "dbname";
            case "userid", "username", "user", "uid" -> "user";
            case "password", "pwd", "psw" -> "password";
            case "sslmode" -> "sslmode";
            default -> null;
        };
    }

    private static String dotnetSslMode(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT).replace("-", "")) {
            case "verifyfull" -> "verify-full";
            case "verifyca" -> "verify-ca";
            default -> v.strip().toLowerCase(Locale.ROOT);
        };
    }

    // ---------------------------------------------------------------- helpers

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) if (env.get(name) != null) return env.get(name);
        return null;
    }

    private static void putIfNotNull(Map<String, String> kv, String key, String value) {
        if (value != null) kv.put(key, value);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
