package dev.vicinity.codec;

import org.apache.lucene.util.IOConsumer;
import org.apache.lucene.util.IOSupplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A field reader's per-thread search states (a searcher and its scratch, which are not thread-safe), made on first
 * need and reused by later searches on any thread, so a state's scratch is allocated once per concurrent search
 * rather than per query. The pure search packages report I/O failures of the mapped file as
 * {@link UncheckedIOException}; {@link #search} turns them back into the {@link IOException} (often a
 * {@code CorruptIndexException}) that Lucene's callers expect.
 */
public final class SearcherPool<S> {

    private final ConcurrentLinkedQueue<S> idle = new ConcurrentLinkedQueue<>();
    private final IOSupplier<S> factory;

    /** @param factory makes a new state, when every existing one is in use */
    public SearcherPool(IOSupplier<S> factory) {
        this.factory = factory;
    }

    /** Runs {@code search} with an idle state (a new one if none is idle) and returns the state to the pool. */
    public void search(IOConsumer<S> search) throws IOException {
        S state = idle.poll();
        try {
            if (state == null) {
                state = factory.get();
            }
            search.accept(state);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            if (state != null) {
                idle.offer(state);
            }
        }
    }
}
