package dev.switchboard.core.target;

/** What an apply primitive did: it compares first and writes only when something differs. */
public enum ApplyResult { NOOP, CREATED, UPDATED, DELETED }
