package io.tributary.governance.core;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where policies live, every version kept. Each change is one transaction that also records the change for the other
 * replicas' caches and for the audit log, so a change and its notice exist together or not at all.
 */
public interface PolicyStore {

    /** Every current policy and the revision they are at, read consistently. */
    PolicySet load();

    Optional<Policy> find(UUID id);

    /** Every version of a policy, oldest first, including the deletion if it was deleted; empty if it never existed. */
    List<Change> history(UUID id);

    /** The latest changes of every policy, newest first. */
    List<Change> changes(int limit, long beforeRevision);

    Policy create(PolicyBody body, String description, String reason, String actor);

    /**
     * @param expectedVersion the version the change is based on, or null to replace whatever is current
     * @throws PolicyNotFoundException when there is no such policy
     * @throws PolicyConflictException when the current version is not {@code expectedVersion}
     */
    Policy update(UUID id, Integer expectedVersion, PolicyBody body, String description, String reason, String actor);

    void delete(UUID id, Integer expectedVersion, String reason, String actor);

    /** One entry of a policy's history. */
    record Change(long revision, String operation, Policy policy) {}
}
