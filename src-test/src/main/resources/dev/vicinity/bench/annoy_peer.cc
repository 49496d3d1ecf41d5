// Annoy measured the way `./vicinity bench` measures Vicinity, in the same run (compiled and run by AnnoyPeer.java).
//
// Annoy's own C++ code: this driver includes Annoy's header-only library (annoylib.h, kissrandom.h), found and
// compiled at bench time with `g++ -O3 -march=native` (see AnnoyPeer.java); the headers are not part of this project.
//
// Speaks the protocol of ChildProcessPeer.java. Reads from --dir, written by the benchmark: base.f32 and queries.f32,
// little-endian float32 rows of --dims values. Writes to --dir the saved index (annoy.index) and, per sweep point i,
// ids-i.i32: the ids found per query (little-endian int32, queries x k, best first, -1 where fewer than k were found).
// The benchmark scores them itself, like every other method's answers.
//
// One thread throughout: Annoy's single-threaded build policy (this file refuses ANNOYLIB_MULTITHREADED_BUILD) and
// one query after the other. Build time is add_item() of every row (ids 0..n-1, in row order) plus build(n_trees);
// the index is then saved, which also reloads it from the file through mmap, as Annoy users query a saved index. The
// index size is that file's. Each --search-ks value is timed over --passes passes of get_nns_by_vector(query, k,
// search_k) over all queries, after --warmup seconds of untimed queries over up to the first 100 (at least one pass
// over them unless --warmup is 0).
//
// Prints on stdout, one tab-separated line each:
//   build  BUILD_SECONDS  INDEX_BYTES
//   point  SEARCH_K  IDS_FILE  PASS_SECONDS...   (one per --search-ks value, in order)
// Progress goes to stderr; errors too, with exit status 1 (2 for a wrong command line).

#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <vector>

// Annoy 1.17.1 and later declare their classes in namespace Annoy, older copies (RcppAnnoy's) at the top level:
// declaring the namespace first lets the using-directive below compile with both.
namespace Annoy {}
#include "annoylib.h"
#include "kissrandom.h"
using namespace Annoy;

#ifdef ANNOYLIB_MULTITHREADED_BUILD
#error "the benchmark measures Annoy on one thread: compile without -DANNOYLIB_MULTITHREADED_BUILD"
#endif

namespace {

typedef std::chrono::steady_clock Clock;

struct Options {
    std::string dir;
    int dims = 0;
    std::string metric;
    int k = 0;
    int n_trees = 0;
    unsigned long long seed = 0;
    std::vector<std::string> search_ks;
    int passes = 0;
    double warmup = 0;
};

void say(const char* format, ...) {
    va_list args;
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    fflush(stderr);
}

[[noreturn]] void fail(int status, const std::string& message) {
    say("annoy_peer: %s", message.c_str());
    exit(status);
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::string> split(const std::string& list) {
    std::vector<std::string> values;
    size_t from = 0;
    while (from <= list.size()) {
        size_t comma = list.find(',', from);
        if (comma == std::string::npos) {
            comma = list.size();
        }
        values.push_back(list.substr(from, comma - from));
        from = comma + 1;
    }
    return values;
}

long parse_long(const std::string& name, const std::string& value) {
    char* end = nullptr;
    errno = 0;
    long parsed = strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || errno != 0) {
        fail(2, "[" + name + "] must be an integer but was [" + value + "]");
    }
    return parsed;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; i += 2) {
        std::string name = argv[i];
        if (i + 1 >= argc) {
            fail(2, "[" + name + "] needs a value");
        }
        std::string value = argv[i + 1];
        if (name == "--dir") o.dir = value;
        else if (name == "--dims") o.dims = (int) parse_long(name, value);
        else if (name == "--metric") o.metric = value;
        else if (name == "--k") o.k = (int) parse_long(name, value);
        else if (name == "--n-trees") o.n_trees = (int) parse_long(name, value);
        else if (name == "--seed") o.seed = (unsigned long long) parse_long(name, value);
        else if (name == "--search-ks") o.search_ks = split(value);
        else if (name == "--passes") o.passes = (int) parse_long(name, value);
        else if (name == "--warmup") o.warmup = atof(value.c_str());
        else fail(2, "unknown option [" + name + "]");
    }
    if (o.dir.empty() || o.dims < 1 || o.k < 1 || o.n_trees < 1 || o.seed == 0 || o.search_ks.empty() || o.passes < 1) {
        fail(2, "usage: annoy_peer --dir DIR --dims N --metric euclidean|angular|dot|manhattan --k N --n-trees N --seed N (not 0)"
                " --search-ks N,N,... --passes N --warmup SECONDS");
    }
    return o;
}

// The rows of a file of little-endian float32 rows of `dims` values (this driver runs on little-endian machines).
std::vector<float> read_rows(const std::string& path, int dims, size_t* count) {
    FILE* file = fopen(path.c_str(), "rb");
    if (file == nullptr) {
        fail(1, "cannot open [" + path + "]: " + strerror(errno));
    }
    fseek(file, 0, SEEK_END);
    long bytes = ftell(file);
    fseek(file, 0, SEEK_SET);
    size_t row_bytes = sizeof(float) * (size_t) dims;
    if (bytes < 0 || (size_t) bytes % row_bytes != 0) {
        fail(1, "[" + path + "] does not hold whole rows of " + std::to_string(dims) + " float32");
    }
    *count = (size_t) bytes / row_bytes;
    std::vector<float> rows(*count * (size_t) dims);
    if (fread(rows.data(), row_bytes, *count, file) != *count) {
        fail(1, "cannot read [" + path + "]");
    }
    fclose(file);
    return rows;
}

void check(bool ok, char* error, const char* what) {
    if (!ok) {
        std::string message = std::string(what) + " failed: " + (error != nullptr ? error : "no reason given");
        free(error);
        fail(1, message);
    }
}

template <typename Distance>
void measure(const Options& o, const std::vector<float>& base, size_t n, const std::vector<float>& queries, size_t nq) {
    typedef AnnoyIndex<int32_t, float, Distance, Kiss64Random, AnnoyIndexSingleThreadedBuildPolicy> Index;
    Index index(o.dims);
    index.set_seed(o.seed);
    char* error = nullptr;

    say("building %d trees over %zu vectors of %d dims, metric %s, seed %llu, one thread", o.n_trees, n, o.dims,
        o.metric.c_str(), o.seed);
    Clock::time_point start = Clock::now();
    for (size_t i = 0; i < n; i++) {
        check(index.add_item((int32_t) i, &base[i * o.dims], &error), error, "add_item");
    }
    check(index.build(o.n_trees, 1, &error), error, "build");
    double build_seconds = seconds_since(start);

    std::string path = o.dir + "/annoy.index";
    start = Clock::now();
    check(index.save(path.c_str(), false, &error), error, "save");
    double save_seconds = seconds_since(start);
    struct stat saved;
    if (stat(path.c_str(), &saved) != 0) {
        fail(1, "cannot stat [" + path + "]: " + strerror(errno));
    }
    say("built in %.1f s; saved (and reloaded through mmap) in %.1f s, %lld bytes", build_seconds, save_seconds,
        (long long) saved.st_size);
    printf("build\t%.6f\t%lld\n", build_seconds, (long long) saved.st_size);
    fflush(stdout);

    std::vector<int32_t> found;
    found.reserve(o.k);
    std::vector<int32_t> ids(nq * (size_t) o.k);
    for (size_t point = 0; point < o.search_ks.size(); point++) {
        const std::string& value = o.search_ks[point];
        int search_k = (int) parse_long("search_k", value);
        if (o.warmup > 0) {
            size_t warm = std::min<size_t>(100, nq);
            Clock::time_point warm_start = Clock::now();
            do {
                for (size_t q = 0; q < warm; q++) {
                    found.clear();
                    index.get_nns_by_vector(&queries[q * o.dims], (size_t) o.k, search_k, &found, nullptr);
                }
            } while (seconds_since(warm_start) < o.warmup);
        }
        std::vector<double> passes;
        for (int pass = 0; pass < o.passes; pass++) {
            start = Clock::now();
            for (size_t q = 0; q < nq; q++) {
                found.clear();
                index.get_nns_by_vector(&queries[q * o.dims], (size_t) o.k, search_k, &found, nullptr);
                // Every pass keeps its answers (the same each time), so that every pass does the same work.
                int32_t* row = &ids[q * o.k];
                std::fill(row, row + o.k, -1);
                std::copy(found.begin(), found.begin() + std::min<size_t>(found.size(), o.k), row);
            }
            passes.push_back(seconds_since(start));
            say("search_k %s: pass %d/%d %.3f s", value.c_str(), pass + 1, o.passes, passes.back());
        }
        std::string ids_file = "ids-" + std::to_string(point) + ".i32";
        std::string ids_path = o.dir + "/" + ids_file;
        FILE* out = fopen(ids_path.c_str(), "wb");
        if (out == nullptr || fwrite(ids.data(), sizeof(int32_t), ids.size(), out) != ids.size() || fclose(out) != 0) {
            fail(1, "cannot write [" + ids_path + "]");
        }
        printf("point\t%s\t%s", value.c_str(), ids_file.c_str());
        for (double seconds : passes) {
            printf("\t%.9f", seconds);
        }
        printf("\n");
        fflush(stdout);
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options o = parse(argc, argv);
#if defined(USE_AVX512)
    say("distance kernels: AVX-512");
#elif defined(USE_AVX)
    say("distance kernels: AVX");
#else
    say("distance kernels: plain C++ (no AVX)");
#endif
    size_t n = 0;
    size_t nq = 0;
    std::vector<float> base = read_rows(o.dir + "/base.f32", o.dims, &n);
    std::vector<float> queries = read_rows(o.dir + "/queries.f32", o.dims, &nq);
    if (o.metric == "euclidean") measure<Euclidean>(o, base, n, queries, nq);
    else if (o.metric == "angular") measure<Angular>(o, base, n, queries, nq);
    else if (o.metric == "dot") measure<DotProduct>(o, base, n, queries, nq);
    else if (o.metric == "manhattan") measure<Manhattan>(o, base, n, queries, nq);
    else fail(2, "[--metric] must be euclidean, angular, dot or manhattan but was [" + o.metric + "]");
    return 0;
}
