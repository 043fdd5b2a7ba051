package io.flowtrace.analyzer;

/**
 * Receives how far {@link TraceReader#read(java.nio.file.Path, ReadProgress)} has got, for a progress display.
 *
 * <p>Calls may come from a thread other than the one that called {@code read}, but never concurrently.
 */
@FunctionalInterface
public interface ReadProgress {
    /**
     * Reports progress.
     *
     * @param fractionDone the part of the recording read so far, from 0.0 to 1.0; never decreases
     */
    void update(double fractionDone);
}
