package dev.vicinity.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The systems {@code ./vicinity bench --via es} knows, by name: every Vicinity method and preset of the in-process
 * bench under the same name, and Elasticsearch's {@code dense_vector} index types as {@code es-<type>}.
 */
final class EsSystems {

    /** The {@code index_options.type}s of Elasticsearch 9.5's float {@code dense_vector} that need no licence. */
    private static final List<String> DENSE_VECTOR_TYPES = List.of("hnsw", "int8_hnsw", "int4_hnsw", "bbq_hnsw", "flat", "int8_flat",
        "int4_flat", "bbq_flat");

    private static final List<EsSystem> ALL = all();

    private EsSystems() {}

    private static List<EsSystem> all() {
        List<EsSystem> systems = new ArrayList<>();
        for (String name : BenchMethods.names()) {
            if (BenchMethods.byName(name) instanceof VicinityMethod method) {
                systems.add(new VicinityEsSystem(method, method.type()));
            }
        }
        for (String type : DENSE_VECTOR_TYPES) {
            systems.add(new DenseVectorEsSystem(type));
        }
        return List.copyOf(systems);
    }

    static List<String> names() {
        return ALL.stream().map(EsSystem::name).toList();
    }

    static List<String> vicinityNames() {
        return ALL.stream().filter(s -> s instanceof VicinityEsSystem).map(EsSystem::name).toList();
    }

    static List<String> denseVectorNames() {
        return ALL.stream().filter(s -> s instanceof DenseVectorEsSystem).map(EsSystem::name).toList();
    }

    static EsSystem byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown system [" + name + "] for [--via es], expected one of " + names()));
    }
}
