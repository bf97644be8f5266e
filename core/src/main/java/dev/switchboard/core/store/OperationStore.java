package dev.switchboard.core.store;

import java.util.List;
import java.util.Optional;

/** Operations (for the status API) and their journal (for crash recovery). */
public interface OperationStore {
    void saveOperation(Operation operation);

    Optional<Operation> operation(String id);

    List<Operation> unfinishedOperations();

    /** The pending work an unfinished operation needs to be resumed or undone, as the engine wrote it. */
    void saveIntent(String operationId, OperationIntent intent);

    Optional<OperationIntent> intent(String operationId);

    void append(JournalEntry entry);

    List<JournalEntry> journal(String operationId);

    /** An operation that ended (either way) leaves no journal behind. */
    void clearJournal(String operationId);
}
