"""PyNNDescent measured the way `./vicinity bench` measures Vicinity, in the same run (run by PyNNDescentPeer.java).

This machine's timings drift by up to 40% from hour to hour, so PyNNDescent is compared through a run side by side
with Vicinity's methods, over the same vectors and queries, rather than through figures measured at another time.

Speaks the protocol of ChildProcessPeer.java. Reads from DIR, written by the benchmark: base.f32 and queries.f32,
little-endian float32 rows of --dims values. Writes to DIR, per sweep point i: ids-i.i32, the ids found per query
(little-endian int32, queries x k, best first, -1 where fewer than k were found). The benchmark scores them itself,
like every other method's answers.

Everything runs on one thread (NUMBA_NUM_THREADS=1, n_jobs=1). Numba compiles on first use, so a build on up to
2,000 vectors, its prepare() and a 10-query query run first, untimed. Build time is the NNDescent constructor (the
k-NN graph) plus prepare() (search graph, search tree, and compiling this index's search function); progress shows
the two apart. Queries are timed as PyNNDescent users run them, one batch call per pass over all queries.

Prints on stdout, one tab-separated line each:
  version  PYNNDESCENT_VERSION
  build    BUILD_SECONDS  INDEX_BYTES   (constructor + prepare(); len(pickle.dumps(index)) after prepare, data included)
  point    EPSILON  IDS_FILE  PASS_SECONDS...   (one per --epsilons value, in order)
Progress goes to stderr.
"""
import argparse
import os
import pickle
import sys
import time

# Before numba is imported (by pynndescent): it reads the thread count once.
os.environ["NUMBA_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402


def say(message):
    print(message, file=sys.stderr, flush=True)


def version(pynndescent):
    try:
        from importlib.metadata import version as installed_version
        return installed_version("pynndescent")
    except Exception:  # no metadata (some distribution packages): the module's own, if it has one
        return getattr(pynndescent, "__version__", "unknown")


def read_rows(path, dims):
    return np.fromfile(path, dtype="<f4").reshape(-1, dims)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--dims", type=int, required=True)
    parser.add_argument("--metric", required=True)
    parser.add_argument("--k", type=int, required=True)
    parser.add_argument("--n-neighbors", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--epsilons", required=True, help="comma-separated, e.g. 0.0,0.1,0.2,0.3")
    parser.add_argument("--passes", type=int, required=True)
    parser.add_argument("--warmup", type=float, required=True, help="seconds of untimed queries before each point")
    args = parser.parse_args()

    import pynndescent

    print("version\t" + version(pynndescent), flush=True)
    base = read_rows(os.path.join(args.dir, "base.f32"), args.dims)
    queries = read_rows(os.path.join(args.dir, "queries.f32"), args.dims)

    def build(data):
        return pynndescent.NNDescent(data, metric=args.metric, n_neighbors=args.n_neighbors, random_state=args.seed,
                                     n_jobs=1)

    say("compiling: untimed build and query on %d vectors" % min(2000, len(base)))
    start = time.perf_counter()
    warm = build(base[:2000])
    warm.prepare()
    warm.query(queries[:10], k=args.k)
    del warm
    say("compiled in %.1f s" % (time.perf_counter() - start))

    say("building over %d vectors of %d dims, metric %s" % (len(base), args.dims, args.metric))
    start = time.perf_counter()
    index = build(base)
    constructor = time.perf_counter() - start
    start = time.perf_counter()
    index.prepare()
    prepare = time.perf_counter() - start
    index_bytes = len(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    say("built in %.1f s: k-NN graph %.1f s, prepare %.1f s; %d bytes pickled" % (constructor + prepare, constructor, prepare,
                                                                              index_bytes))
    print("build\t%.6f\t%d" % (constructor + prepare, index_bytes), flush=True)

    for i, epsilon in enumerate(args.epsilons.split(",")):
        e = float(epsilon)
        # Warm-up as the benchmark does it: untimed calls on up to 100 queries for --warmup seconds, at least one.
        if args.warmup > 0:
            end = time.perf_counter() + args.warmup
            index.query(queries[:100], k=args.k, epsilon=e)
            while time.perf_counter() < end:
                index.query(queries[:100], k=args.k, epsilon=e)
        seconds = []
        found = None
        for p in range(args.passes):
            start = time.perf_counter()
            ids, distances = index.query(queries, k=args.k, epsilon=e)
            seconds.append(time.perf_counter() - start)
            say("epsilon %s: pass %d/%d %.3f s" % (epsilon, p + 1, args.passes, seconds[-1]))
            if found is None:
                found = ids, distances
        # Rows not found come back with an infinite distance (and a wrapped-around id): -1, as documented above.
        ids, distances = found
        ids_file = "ids-%d.i32" % i
        np.where(np.isfinite(distances), ids, -1).astype("<i4").tofile(os.path.join(args.dir, ids_file))
        print("point\t%s\t%s\t%s" % (epsilon, ids_file, "\t".join("%.9f" % s for s in seconds)), flush=True)


if __name__ == "__main__":
    main()
