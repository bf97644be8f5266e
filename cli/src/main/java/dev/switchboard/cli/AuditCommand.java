package dev.switchboard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit}: who changed what and when, from the server's append-only audit log. */
@Command(name = "audit", description = "Show the audit log: every write, who made it, when, and how it ended.")
final class AuditCommand extends BaseCommand {
  @Option(names = "--resource", paramLabel = "ID", description = "Only this resource and what is under it.")
  String resource;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description = "An ISO instant (2026-11-25T04:00:00Z) or an age such as 30m, 2h, 7d.")
  String since;

  @Option(names = "--until", paramLabel = "WHEN", description = "Same forms as --since.")
  String until;

  @Option(names = "--top", defaultValue = "100", description = "At most this many entries (1-1000).")
  int top;

  AuditCommand(CliEnvironment env) {
    super(env);
  }

  @Override
  protected int run() throws Exception {
    List<String> query = new ArrayList<>(List.of("top", String.valueOf(top)));
    if (resource != null) query.addAll(List.of("resourceId", resource));
    if (since != null) query.addAll(List.of("from", instant(since, "--since")));
    if (until != null) query.addAll(List.of("to", instant(until, "--until")));
    ArmClient c = client();
    JsonNode body = c.get(c.uri("/providers/Switchboard.Audit/entries", "2024-04-01", query.toArray(String[]::new))).body();
    emit(body, AuditCommand::table);
    return 0;
  }

  static String instant(String given, String option) throws UsageException {
    try {
      return Instant.parse(given).toString();
    } catch (DateTimeParseException notAnInstant) {
      // an age instead
    }
    if (given.matches("\\d+[smhd]")) {
      long n = Long.parseLong(given.substring(0, given.length() - 1));
      Duration d = switch (given.charAt(given.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      return Instant.now().minus(d).toString();
    }
    throw new UsageException(option + " must be an ISO instant or an age like 30m, 2h, 7d; got '" + given + "'");
  }

  static Table table(JsonNode body) {
    Table t = new Table("TIME", "ACTOR", "ACTION", "STATUS", "OUTCOME", "RESOURCE");
    for (JsonNode e : body.path("value")) {
      t.row(Json.text(e, "time"), Json.text(e, "actor"), Json.text(e, "action"), Json.text(e, "status"),
          Json.text(e, "outcome"), Json.text(e, "resourceId"));
    }
    return t;
  }
}
