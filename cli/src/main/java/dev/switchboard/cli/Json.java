package dev.switchboard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** JSON helpers shared by the commands. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter PRETTY;

  static {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
    PRETTY = MAPPER.writer(printer);
  }

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void print(PrintWriter out, JsonNode node) {
    try {
      out.println(PRETTY.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON text, or returns {@code null} when it is not JSON. */
  static JsonNode parseOrNull(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The text at a path of field names, or {@code null} when absent or JSON null. */
  static String text(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      if (n == null) {
        return null;
      }
      n = n.get(p);
    }
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    return n.isValueNode() ? n.asText() : compact(n);
  }
}
