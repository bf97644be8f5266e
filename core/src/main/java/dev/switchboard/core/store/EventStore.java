package dev.switchboard.core.store;

import dev.switchboard.core.id.ResourceId;

import java.util.List;

/** Each connection's events (see {@link ConnectionEvent}), kept while the connection exists. */
public interface EventStore {
    /** Adds {@code event} (its {@code seq} is ignored) and returns it numbered: later appends get larger numbers. */
    ConnectionEvent append(ConnectionEvent event);

    /** The connection's events, newest first, at most {@code limit}. */
    List<ConnectionEvent> events(ResourceId linker, int limit);

    /** Forgets a deleted connection's events, so a new connection of the same name starts with none. */
    void deleteEvents(ResourceId linker);
}
