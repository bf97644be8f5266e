package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/** {@code --parameters}: {@code NAME=VALUE} pairs and {@code @file} ARM parameter files, merged in order. */
final class DeploymentParameters {
  private DeploymentParameters() {}

  static ObjectNode read(List<String> given) throws UsageException {
    ObjectNode out = Json.object();
    for (String p : given) {
      if (p.startsWith("@")) {
        JsonNode file = ResourceCommands.readJson("--parameters", p);
        // An ARM parameters file ({"$schema": …, "parameters": {…}}) or just the parameters object.
        JsonNode params = file.has("parameters") && file.path("parameters").isObject() ? file.path("parameters") : file;
        params.properties().forEach(e -> out.set(e.getKey(), e.getValue()));
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) throw new UsageException("--parameters takes NAME=VALUE or @file, not '" + p + "'");
      String value = p.substring(eq + 1);
      JsonNode parsed = Json.parseOrNull(value);
      // Numbers, booleans, arrays and objects as JSON; anything else as a string, as az does.
      ObjectNode holder = Json.object();
      if (parsed != null && !parsed.isTextual()) holder.set("value", parsed);
      else holder.put("value", value);
      out.set(p.substring(0, eq), holder);
    }
    return out;
  }

  /** A deployment named after its template file, as az names it. */
  static String nameOf(String templateFile) {
    String file = Path.of(templateFile).getFileName().toString();
    int dot = file.lastIndexOf('.');
    return (dot > 0 ? file.substring(0, dot) : file).replaceAll("[^A-Za-z0-9._()-]", "-");
  }
}
