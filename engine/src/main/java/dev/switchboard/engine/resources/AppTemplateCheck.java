package dev.switchboard.engine.resources;

import dev.switchboard.core.failure.TerminalFailure;

import java.util.List;
import java.util.Map;

/**
 * Checks the shape of an app's template (container apps) or site config (web apps) before anything is stored:
 * every value the app host will read must be there with the right JSON type, so a bad body is a 400 naming the
 * field, never a failure half-way through a restart.
 */
final class AppTemplateCheck {
    private AppTemplateCheck() { }

    static void containerApp(Map<String, Object> properties) {
        Object containers = Bodies.map(properties.get("template")).get("containers");
        if (containers == null) return;
        List<?> list = list(containers, "properties.template.containers");
        for (int i = 0; i < list.size(); i++) container(list.get(i), "properties.template.containers[" + i + "]");
        Object secrets = Bodies.map(properties.get("configuration")).get("secrets");
        if (secrets != null) {
            List<?> s = list(secrets, "properties.configuration.secrets");
            for (int i = 0; i < s.size(); i++) {
                Map<String, Object> secret = object(s.get(i), "properties.configuration.secrets[" + i + "]");
                requireString(secret, "name", "properties.configuration.secrets[" + i + "].name");
                optionalString(secret, "value", "properties.configuration.secrets[" + i + "].value");
            }
        }
    }

    static void site(Map<String, Object> properties) {
        Map<String, Object> siteConfig = Bodies.map(properties.get("siteConfig"));
        optionalString(siteConfig, "appCommandLine", "properties.siteConfig.appCommandLine");
        Object settings = siteConfig.get("appSettings");
        if (settings == null) return;
        List<?> list = list(settings, "properties.siteConfig.appSettings");
        for (int i = 0; i < list.size(); i++) {
            String field = "properties.siteConfig.appSettings[" + i + "]";
            Map<String, Object> s = object(list.get(i), field);
            requireString(s, "name", field + ".name");
            optionalString(s, "value", field + ".value");
        }
    }

    private static void container(Object o, String field) {
        Map<String, Object> c = object(o, field);
        requireString(c, "name", field + ".name");
        strings(c.get("command"), field + ".command");
        strings(c.get("args"), field + ".args");
        if (c.get("env") == null) return;
        List<?> env = list(c.get("env"), field + ".env");
        for (int i = 0; i < env.size(); i++) {
            String f = field + ".env[" + i + "]";
            Map<String, Object> e = object(env.get(i), f);
            requireString(e, "name", f + ".name");
            optionalString(e, "value", f + ".value");
            optionalString(e, "secretRef", f + ".secretRef");
        }
    }

    private static void strings(Object o, String field) {
        if (o == null) return;
        for (Object item : list(o, field)) {
            if (!(item instanceof String)) throw TerminalFailure.invalidField(field, "must be an array of strings");
        }
    }

    private static List<?> list(Object o, String field) {
        if (!(o instanceof List<?> l)) throw TerminalFailure.invalidField(field, "must be an array");
        return l;
    }

    private static Map<String, Object> object(Object o, String field) {
        if (!(o instanceof Map<?, ?>)) throw TerminalFailure.invalidField(field, "must be an object");
        return Bodies.map(o);
    }

    private static void requireString(Map<String, Object> m, String key, String field) {
        if (m.get(key) == null) throw TerminalFailure.missingField(field);
        if (!(m.get(key) instanceof String s) || s.isEmpty()) throw TerminalFailure.invalidField(field, "must be a non-empty string");
    }

    private static void optionalString(Map<String, Object> m, String key, String field) {
        if (m.get(key) != null && !(m.get(key) instanceof String)) throw TerminalFailure.invalidField(field, "must be a string");
    }
}
