package io.tributary.query.core;

import java.util.List;

/** An engine that runs governed statements. One implementation per package, chosen by {@code tributary.query.engine}. */
public interface QueryEngine {

    EngineKind kind();

    /**
     * Starts the statement and returns once its result can be read.
     *
     * @param cancel where the engine registers how to stop its work while it is still starting (a long sort or
     *               aggregate), so that a cancel or timeout stops the engine, not only the answer
     * @throws QueryException with the reason the statement could not start
     */
    Execution start(GovernedStatement statement, CancelHook cancel);

    /** Takes the action that stops an engine's work; runs it at once when the statement is already stopped. */
    interface CancelHook {
        void onCancel(Runnable action);

        CancelHook NONE = action -> {};
    }

    /** A running statement's result, read row by row. */
    interface Execution extends AutoCloseable {

        List<ResultColumn> columns();

        /**
         * The next row, each value already in its portable form (see {@link ResultValues}), or null at the end.
         *
         * @throws QueryException when the engine fails while producing rows
         */
        Object[] next();

        /**
         * The lake tables the engine found the statement reads or writes, for a statement that was not inspected
         * before it ran (one that went to Trino as written); empty otherwise.
         */
        default List<TableName> tables() {
            return List.of();
        }

        /** The bytes the engine read so far, when it reports them (Trino's processed bytes); -1 otherwise. */
        default long bytesRead() {
            return -1;
        }

        /** Stops the engine's work; {@link #next()} then fails. Safe from any thread. */
        void cancel();

        @Override
        void close();
    }
}
