package dev.vicinity.ann;

/**
 * Thrown by a build when its {@link BuildMonitor#aborted()} returns {@code true}. Unchecked so that it can leave the
 * hot loops without {@code throws} clauses; the codec turns it into Lucene's merge-aborted exception.
 */
public final class BuildAbortedException extends RuntimeException {

    public BuildAbortedException(String phase) {
        super("build aborted during [" + phase + "]");
    }
}
