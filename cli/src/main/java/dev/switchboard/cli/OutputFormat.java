package dev.switchboard.cli;

/** Values of {@code --output}. */
enum OutputFormat {
  json,
  table
}
