"""hnswlib measured the way `./vicinity bench` measures Vicinity, in the same run (run by HnswlibPeer.java).

hnswlib is the HNSW that ann-benchmarks' readers know; it runs side by side with Lucene's HNSW and Vicinity's methods,
over the same vectors and queries, because this machine's timings drift too much for figures measured at another time.

Speaks the protocol of ChildProcessPeer.java. Reads from DIR, written by the benchmark: base.f32 and queries.f32,
little-endian float32 rows of --dims values. Writes to DIR, per sweep point i: ids-i.i32, the ids found per query
(little-endian int32, queries x k, best first). The benchmark scores them itself, like every other method's answers.

Everything runs on one thread: add_items(..., num_threads=1) and knn_query(..., num_threads=1). Build time is
init_index() plus add_items() over all rows (ids 0..n-1, in row order). The index size is that of save_index()'s file,
which holds the vectors. Queries are timed as hnswlib users run them, one batch knn_query call per pass over all
queries after set_ef(ef); hnswlib searches with max(ef, k) candidates.

Prints on stdout, one tab-separated line each:
  version  HNSWLIB_VERSION
  build    BUILD_SECONDS  INDEX_BYTES
  point    EF  IDS_FILE  PASS_SECONDS...   (one per --efs value, in order)
Progress goes to stderr.
"""
import argparse
import os
import sys
import time

import numpy as np


def say(message):
    print(message, file=sys.stderr, flush=True)


def version(hnswlib):
    try:
        from importlib.metadata import version as installed_version
        return installed_version("hnswlib")
    except Exception:  # no metadata: the module's own, if it has one
        return getattr(hnswlib, "__version__", "unknown")


def read_rows(path, dims):
    return np.fromfile(path, dtype="<f4").reshape(-1, dims)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--dims", type=int, required=True)
    parser.add_argument("--space", required=True, choices=["l2", "ip", "cosine"])
    parser.add_argument("--k", type=int, required=True)
    parser.add_argument("--m", type=int, required=True)
    parser.add_argument("--ef-construction", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--efs", required=True, help="comma-separated, e.g. 10,20,40")
    parser.add_argument("--passes", type=int, required=True)
    parser.add_argument("--warmup", type=float, required=True, help="seconds of untimed queries before each point")
    args = parser.parse_args()

    import hnswlib

    print("version\t" + version(hnswlib), flush=True)
    base = read_rows(os.path.join(args.dir, "base.f32"), args.dims)
    queries = read_rows(os.path.join(args.dir, "queries.f32"), args.dims)

    say("building over %d vectors of %d dims, space %s, M %d, ef_construction %d, one thread"
        % (len(base), args.dims, args.space, args.m, args.ef_construction))
    start = time.perf_counter()
    index = hnswlib.Index(space=args.space, dim=args.dims)
    index.init_index(max_elements=len(base), M=args.m, ef_construction=args.ef_construction, random_seed=args.seed)
    index.set_num_threads(1)
    index.add_items(base, np.arange(len(base)), num_threads=1)
    build_seconds = time.perf_counter() - start
    path = os.path.join(args.dir, "hnswlib.index")
    index.save_index(path)
    index_bytes = os.path.getsize(path)
    say("built in %.1f s; save_index wrote %d bytes" % (build_seconds, index_bytes))
    print("build\t%.6f\t%d" % (build_seconds, index_bytes), flush=True)

    for i, ef in enumerate(args.efs.split(",")):
        index.set_ef(int(ef))
        # Warm-up as the benchmark does it: untimed calls on up to 100 queries for --warmup seconds, at least one.
        if args.warmup > 0:
            end = time.perf_counter() + args.warmup
            index.knn_query(queries[:100], k=args.k, num_threads=1)
            while time.perf_counter() < end:
                index.knn_query(queries[:100], k=args.k, num_threads=1)
        seconds = []
        found = None
        for p in range(args.passes):
            start = time.perf_counter()
            labels, distances = index.knn_query(queries, k=args.k, num_threads=1)
            seconds.append(time.perf_counter() - start)
            say("ef %s: pass %d/%d %.3f s" % (ef, p + 1, args.passes, seconds[-1]))
            if found is None:
                found = labels
        ids_file = "ids-%d.i32" % i
        found.astype("<i4").tofile(os.path.join(args.dir, ids_file))
        print("point\t%s\t%s\t%s" % (ef, ids_file, "\t".join("%.9f" % s for s in seconds)), flush=True)


if __name__ == "__main__":
    main()
