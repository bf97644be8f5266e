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
     * An option value in a StackExchange.Redis configuration string ({@code host:port,password=...,ssl=True}). Its
     * parser splits on every ',' and trims each value, with no quoting or escape (StackExchange.Redis issue #680),
     * so such a value cannot be written: it is refused (without echoing it) rather than silently corrupted.
     */
    STACKEXCHANGE {
        @Override public String encode(String v) {
            if (v.indexOf(',') >= 0 || !v.equals(v.strip())) {
                throw new IllegalArgumentException("a value containing ',' or leading/trailing whitespace cannot be written"
                        + " into a StackExchange.Redis configuration string");
            }
            return v;
        }
    },
    /**
     * A part (user, password, vhost) of an AMQP URI read by RabbitMQ's Java client, whose {@code setUri} percent-decodes
     * as US-ASCII, so a percent-encoded UTF-8 byte sequence would come back mangled. ASCII other than RFC 3986's
     * unreserved characters is percent-encoded; other characters stay as they are (IRI style, which
     * {@link java.net.URI} accepts), except control and space characters, which {@code URI} refuses raw and which
     * are percent-encoded as UTF-8 (amqp-client cannot read those back: a limitation of the client). The name is
     * letters only because password marks ({@link ConfigItem}) name their format with {@code [A-Z]+}.
     */
    AMQPJAVA {
        @Override public String encode(String v) {
            StringBuilder sb = new StringBuilder();
            v.codePoints().forEach(cp -> {
                boolean unreserved = cp < 0x80 && (Character.isLetterOrDigit(cp) || "-._~".indexOf(cp) >= 0);
                boolean rawOther = cp >= 0x80 && !Character.isISOControl(cp) && !Character.isSpaceChar(cp);
                if (unreserved || rawOther) {
                    sb.appendCodePoint(cp);
                } else {
                    for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                        sb.append('%').append(String.format("%02X", b & 0xFF));
                    }
                }
            });
            return sb.toString();
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
