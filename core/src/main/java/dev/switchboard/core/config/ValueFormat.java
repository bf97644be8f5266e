package dev.switchboard.core.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * How a value is written inside each connection-string syntax. A user-chosen login or password may hold
 * spaces, quotes or ';' and must survive every format intact.
 */
public enum ValueFormat {
    /** The value alone (an environment variable of its own). */
    RAW {
        @Override public String encode(String v) { return v; }
    },
    /** A query parameter of a JDBC URL: percent-encoded (pgjdbc decodes parameters). */
    URL {
        @Override public String encode(String v) { return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"); }
    },
    /** A libpq keyword/value string: single-quoted with backslash escapes when not a plain word. */
    LIBPQ {
        @Override public String encode(String v) {
            if (PLAIN.matcher(v).matches()) return v;
            return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
    },
    /** An ADO.NET/Npgsql connection string: double-quoted with doubled quotes when it could break the syntax. */
    DOTNET {
        @Override public String encode(String v) {
            if (PLAIN.matcher(v).matches()) return v;
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
    },
    /**
     * An option value in a JAAS configuration ({@code sasl.jaas.config}): always double-quoted. Kafka parses it
     * with {@link java.io.StreamTokenizer}, where a backslash escapes the next character and an unescaped line
     * break ends the string, so backslash, quote, CR and LF are escaped and everything else is literal.
     */
    JAAS {
        @Override public String encode(String v) {
            return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
        }
    };

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._\\-]+");

    public abstract String encode(String value);
}
