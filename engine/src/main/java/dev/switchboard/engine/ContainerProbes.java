package dev.switchboard.engine;

import dev.switchboard.core.compute.Probe;
import dev.switchboard.core.failure.Echo;
import dev.switchboard.core.failure.TerminalFailure;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code template.containers[].probes} (Container Apps' shape: {@code type}, {@code httpGet {path, port}} or
 * {@code tcpSocket {port}}, {@code initialDelaySeconds}, {@code periodSeconds}, {@code failureThreshold},
 * {@code timeoutSeconds}), with Container Apps' ranges and defaults. A probe on the ingress's {@code targetPort} (or
 * with no port) probes the process's own {@code PORT}, since the local host chooses that port itself.
 */
public final class ContainerProbes {
    private ContainerProbes() { }

    public static List<Probe> read(Object probes, int targetPort, String field) {
        if (probes == null) return List.of();
        if (!(probes instanceof List<?> list)) throw TerminalFailure.invalidField(field, "must be an array");
        List<Probe> out = new ArrayList<>();
        Set<Probe.Type> seen = EnumSet.noneOf(Probe.Type.class);
        for (int i = 0; i < list.size(); i++) {
            Probe p = one(list.get(i), targetPort, field + "[" + i + "]");
            if (!seen.add(p.type())) {
                throw TerminalFailure.invalidField(field + "[" + i + "].type", "a container has at most one " + p.type().wire() + " probe");
            }
            out.add(p);
        }
        return out;
    }

    private static Probe one(Object o, int targetPort, String field) {
        if (!(o instanceof Map<?, ?> m)) throw TerminalFailure.invalidField(field, "must be an object");
        Probe.Type type = type(m.get("type"), field + ".type");
        Map<?, ?> http = m.get("httpGet") instanceof Map<?, ?> h ? h : null;
        Map<?, ?> tcp = m.get("tcpSocket") instanceof Map<?, ?> t ? t : null;
        if ((http == null) == (tcp == null)) {
            throw TerminalFailure.invalidField(field, "needs exactly one of httpGet and tcpSocket");
        }
        String path = http == null ? null : path(http.get("path"), field + ".httpGet.path");
        Map<?, ?> target = http != null ? http : tcp;
        int port = number(target.get("port"), field + (http != null ? ".httpGet.port" : ".tcpSocket.port"), 0, 1, 65535);
        return new Probe(type, path, port == targetPort ? 0 : port,
                number(m.get("initialDelaySeconds"), field + ".initialDelaySeconds", 0, 0, 60),
                number(m.get("periodSeconds"), field + ".periodSeconds", 10, 1, 240),
                number(m.get("failureThreshold"), field + ".failureThreshold", 3, 1, 10),
                number(m.get("timeoutSeconds"), field + ".timeoutSeconds", 1, 1, 240));
    }

    private static Probe.Type type(Object raw, String field) {
        if (raw == null) throw TerminalFailure.missingField(field);
        for (Probe.Type t : Probe.Type.values()) if (t.wire().equals(raw)) return t;
        throw TerminalFailure.invalidField(field, "'" + Echo.of(String.valueOf(raw)) + "' is not one of Liveness, Readiness, Startup");
    }

    private static String path(Object raw, String field) {
        if (raw == null) return "/";
        if (!(raw instanceof String s) || !s.startsWith("/") || s.length() > 2048 || s.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw TerminalFailure.invalidField(field, "must be a path starting with '/' without spaces or control characters");
        }
        return s;
    }

    private static int number(Object raw, String field, int fallback, int min, int max) {
        if (raw == null) return fallback;
        if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.longValue() < min || n.longValue() > max) {
            throw TerminalFailure.invalidField(field, "must be a whole number from " + min + " to " + max);
        }
        return n.intValue();
    }
}
