package io.tributary.catalog.core.iceberg;

import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Serialises commits to the same table or view within this process. The database's compare-and-swap alone keeps
 * commits correct, also across replicas; the lock only spares a request that would lose the race Iceberg's retry
 * back-off (100 ms and more): it waits for the winner, then sees the new metadata and succeeds or fails at once.
 */
final class CommitLocks {

    private final ReentrantLock[] stripes;

    CommitLocks(int stripes) {
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    <T> T with(Collection<TableIdentifier> identifiers, Supplier<T> work) {
        // Stripes are taken in index order, so two multi-table commits can never wait on each other in a cycle.
        TreeSet<Integer> indexes = new TreeSet<>();
        identifiers.forEach(identifier -> indexes.add(Math.floorMod(identifier.hashCode(), stripes.length)));
        int taken = 0;
        try {
            for (int index : indexes) {
                stripes[index].lock();
                taken++;
            }
            return work.get();
        } finally {
            int released = 0;
            for (int index : indexes) {
                if (released++ >= taken) {
                    break;
                }
                stripes[index].unlock();
            }
        }
    }
}
