package dev.switchboard.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A structural check of Bicep text, short of the compiler: brackets balance outside strings and comments, strings
 * close on their line, every {@code @secure()} decorates a {@code param}, every {@code resource} line has a symbol,
 * a quoted {@code type@version} and opens its body.
 */
final class BicepShape {
    private BicepShape() { }

    static List<String> problems(String text) {
        List<String> out = new ArrayList<>();
        Deque<Character> open = new ArrayDeque<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.strip().startsWith("resource ") && !line.matches("resource [A-Za-z_][A-Za-z0-9_]* '[^']+@[0-9a-z-]+' = \\{")) {
                out.add("line " + (n + 1) + ": not a resource declaration: " + line);
            }
            if (line.equals("@secure()") && (n + 2 >= lines.length || !lines[n + 2].matches("param [A-Za-z_][A-Za-z0-9_]* string"))) {
                out.add("line " + (n + 1) + ": @secure() decorates no string param");
            }
            brackets(line, n + 1, open, out);
        }
        if (!open.isEmpty()) out.add("unclosed " + open);
        return out;
    }

    private static void brackets(String line, int n, Deque<Character> open, List<String> out) {
        boolean string = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (string) {
                if (c == '\\') i++;
                else if (c == '\'') string = false;
            } else if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                return;
            } else if (c == '\'') {
                string = true;
            } else if ("{[(".indexOf(c) >= 0) {
                open.push(c);
            } else if ("}])".indexOf(c) >= 0) {
                char expected = c == '}' ? '{' : c == ']' ? '[' : '(';
                if (open.isEmpty() || open.pop() != expected) out.add("line " + n + ": unbalanced " + c);
            }
        }
        if (string) out.add("line " + n + ": unclosed string");
    }
}
