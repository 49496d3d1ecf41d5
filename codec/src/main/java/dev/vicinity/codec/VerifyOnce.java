package dev.vicinity.codec;

import org.apache.lucene.index.CorruptIndexException;

import java.io.IOException;

/**
 * Runs a verification (a checksum of a whole file) once, before the first use of what it protects, and remembers
 * the outcome: every later call returns at once or fails again with the same corruption. Concurrent first callers
 * wait for the one verifying.
 *
 * <p>Why at first use rather than at open: the raw vectors are by far the largest file of a segment, and segments
 * are opened where nothing searches them (merges, recoveries, {@code CheckIndex}, which checksum them anyway);
 * a damaged vector would otherwise be scored silently (a document at distance 140 from itself) until the next merge.
 */
final class VerifyOnce {

    /** What verifies; throws {@link CorruptIndexException} on damage. */
    interface Check {
        void run() throws IOException;
    }

    private final Check check;
    private volatile boolean verified;
    /**
     * The corruption found, rethrown (wrapped, so each caller gets its own stack) on every later call. Other I/O
     * failures are not remembered: the next call verifies again.
     */
    private CorruptIndexException failure;

    VerifyOnce(Check check) {
        this.check = check;
    }

    void verify() throws IOException {
        if (verified) {
            return;
        }
        synchronized (this) {
            if (failure == null && verified == false) {
                try {
                    check.run();
                    verified = true;
                } catch (CorruptIndexException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new CorruptIndexException("raw vectors failed verification before their first search: " + failure.getMessage(),
                    "vicinity reader", failure);
            }
        }
    }
}
