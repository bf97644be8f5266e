package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;

/** Table views of ARM bodies. */
final class Views {
  private Views() {}

  private static Iterable<JsonNode> items(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return java.util.List.of();
    }
    if (node.isArray()) {
      return node;
    }
    if (node.has("value") && node.get("value").isArray()) {
      return node.get("value");
    }
    return java.util.List.of(node);
  }

  private static String name(JsonNode n) {
    String name = Json.text(n, "name");
    if (name == null && Json.text(n, "id") != null) {
      name = Ids.lastSegment(Json.text(n, "id"));
    }
    return name;
  }

  static Table linkers(JsonNode node) {
    Table t = new Table("NAME", "TARGET", "AUTH", "CLIENT", "STATE");
    for (JsonNode n : items(node)) {
      String target = Json.text(n, "properties", "targetService", "id");
      if (target == null) {
        target = Json.text(n, "properties", "targetService", "endpoint");
      }
      t.row(
          name(n),
          target,
          Json.text(n, "properties", "authInfo", "authType"),
          Json.text(n, "properties", "clientType"),
          Json.text(n, "properties", "provisioningState"));
    }
    return t;
  }

  static Table events(JsonNode node) {
    Table t = new Table("TIME", "KIND", "MESSAGE");
    for (JsonNode e : items(node)) {
      t.row(Json.text(e, "time"), Json.text(e, "kind"), Json.text(e, "message"));
    }
    return t;
  }

  static Table groups(JsonNode node) {
    Table t = new Table("NAME", "LOCATION", "STATE");
    for (JsonNode n : items(node)) {
      t.row(name(n), Json.text(n, "location"), Json.text(n, "properties", "provisioningState"));
    }
    return t;
  }

  static Table resources(JsonNode node) {
    Table t = new Table("NAME", "TYPE", "LOCATION", "STATE");
    for (JsonNode n : items(node)) {
      t.row(
          name(n),
          Json.text(n, "type"),
          Json.text(n, "location"),
          Json.text(n, "properties", "provisioningState"));
    }
    return t;
  }

  static Table tokens(JsonNode node) {
    Table t = new Table("NAME", "ROLE", "SCOPE", "CREATED", "CREATED BY");
    for (JsonNode n : items(node)) {
      String scope = Json.text(n, "properties", "scope");
      t.row(
          name(n),
          Json.text(n, "properties", "role"),
          scope == null ? "(everything)" : scope,
          Json.text(n, "properties", "createdAt"),
          Json.text(n, "properties", "createdBy"));
    }
    return t;
  }

  static Table validation(JsonNode result) {
    Table t = new Table("NAME", "RESULT", "DETAIL");
    for (JsonNode d : result.path("properties").path("validationDetail")) {
      String detail = Json.text(d, "errorMessage");
      if (detail != null && Json.text(d, "errorCode") != null) {
        detail = Json.text(d, "errorCode") + ": " + detail;
      }
      if (detail == null) {
        detail = Json.text(d, "description");
      }
      t.row(Json.text(d, "name"), Json.text(d, "result"), detail);
    }
    return t;
  }

  static Table configurations(JsonNode body) {
    Table t = new Table("NAME", "VALUE");
    for (JsonNode c : body.path("configurations")) {
      t.row(Json.text(c, "name"), Json.text(c, "value"));
    }
    return t;
  }

  static Table supportTypes(JsonNode values) {
    Table t = new Table("TARGET", "CLIENT", "AUTH");
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode v : items(values)) {
      JsonNode p = v.has("properties") ? v.get("properties") : v;
      String target = Json.text(p, "targetService");
      String client = Json.text(p, "clientType");
      String auth = Json.text(p, "authType");
      if (seen.add(target + "\0" + client + "\0" + auth)) {
        t.row(target, client, auth);
      }
    }
    return t;
  }
}
