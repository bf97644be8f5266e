package dev.switchboard.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers for ARM resource IDs. */
final class Ids {
  static final String LINKER_SEGMENT = "/providers/Microsoft.ServiceLinker/linkers/";
  private static final Pattern LINKER =
      Pattern.compile("(?i)^(/.+)/providers/Microsoft\\.ServiceLinker/linkers/([^/]+)/?$");
  private static final Pattern RESOURCE_GROUP = Pattern.compile("(?i)/resourceGroups/([^/]+)");

  private Ids() {}

  static String normalize(String id) {
    String s = id.strip();
    if (!s.startsWith("/")) {
      s = "/" + s;
    }
    while (s.length() > 1 && s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  static String linkerId(String sourceId, String name) {
    return normalize(sourceId) + LINKER_SEGMENT + name;
  }

  /** [sourceId, name] of a linker ID, or empty when it is not one. */
  static Optional<String[]> splitLinker(String linkerId) {
    Matcher m = LINKER.matcher(normalize(linkerId));
    return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
  }

  static Optional<String> resourceGroup(String id) {
    Matcher m = RESOURCE_GROUP.matcher(id);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  static String lastSegment(String id) {
    String s = normalize(id);
    return s.substring(s.lastIndexOf('/') + 1);
  }

  static String resourceGroupPath(String subscription, String group) {
    return "/subscriptions/" + subscription + "/resourceGroups/" + group;
  }

  /**
   * The ID of a resource from its group, type ({@code Namespace/type[/childType…]}) and name
   * ({@code name[/childName…]}, one name per type segment).
   */
  static String resourceId(String subscription, String group, String type, String name)
      throws UsageException {
    String[] t = type.split("/");
    String[] n = name.split("/");
    if (t.length < 2 || t.length - 1 != n.length) {
      throw new UsageException(
          "resource type '"
              + type
              + "' needs "
              + Math.max(1, t.length - 1)
              + " name(s) separated by '/', got '"
              + name
              + "'");
    }
    StringBuilder sb =
        new StringBuilder(resourceGroupPath(subscription, group)).append("/providers/").append(t[0]);
    for (int i = 1; i < t.length; i++) {
      sb.append('/').append(t[i]).append('/').append(n[i - 1]);
    }
    return sb.toString();
  }
}
