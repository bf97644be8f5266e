package dev.switchboard.engine.export;

import java.util.regex.Pattern;

/**
 * HCL (Terraform) expressions: objects as {@code { key = value }} (keys bare when they are identifiers), lists with a
 * comma after every item, quoted strings in which nothing can start a template.
 */
final class HclWriter {
    static final TreeWriter.Syntax SYNTAX = new TreeWriter.Syntax(HclWriter::quoted, Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*"),
            " = ", "", ",", TreeWriter::plainNumber);

    private HclWriter() { }

    static String expression(Object tree, int depth) {
        return TreeWriter.write(SYNTAX, tree, depth);
    }

    /** A template sequence is doubled first ({@code $${} reads back as {@code ${}); no other escape makes one. */
    static String quoted(String s) {
        return "\"" + TreeWriter.escape(s.replace("${", "$${").replace("%{", "%%{"), c -> switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x20 || c == 0x7F ? String.format("\\u%04x", c) : null;
        }) + "\"";
    }
}
