package dev.switchboard.engine.export;

import dev.switchboard.core.json.JsonText;

/** Indented JSON (ARM templates). */
final class JsonWriter {
    static final TreeWriter.Syntax SYNTAX = new TreeWriter.Syntax(JsonText::quote, null, ": ", ",", "", TreeWriter::plainNumber);

    private JsonWriter() { }

    static String write(Object tree) {
        return TreeWriter.write(SYNTAX, tree, 0) + "\n";
    }
}
