package dev.vicinity.devnode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An Elasticsearch home directory laid out the way a real distribution lays it out, assembled from jars:
 * {@code modules/transport-netty4/} (the HTTP and transport layer), {@code plugins/vicinity/} (the plugin zip,
 * unzipped exactly as {@code elasticsearch-plugin install} would), {@code config/} and {@code data/}.
 *
 * <p>Modules, plugin and config are rewritten on every start so a rebuilt zip is picked up; {@code data/} is
 * never touched, so a restart on the same home finds its indices again.
 */
public final class ElasticsearchHome {

    static final String NETTY_MODULE = "transport-netty4";
    static final String PLUGIN_NAME = "vicinity";

    private final Path home;

    public ElasticsearchHome(Path home) {
        this.home = home.toAbsolutePath();
    }

    public Path path() {
        return home;
    }

    public Path dataDir() {
        return home.resolve("data");
    }

    /**
     * Lays out the home: the netty module from {@code nettyModuleJars} (a directory of jars), the plugin from
     * {@code pluginZip}, and the config files. Returns this home for chaining.
     */
    public ElasticsearchHome assemble(Path nettyModuleJars, Path pluginZip) throws IOException {
        requireDirectory(nettyModuleJars, "transport-netty4 module jars");
        if (Files.isRegularFile(pluginZip) == false) {
            throw new IOException("plugin zip [" + pluginZip + "] does not exist; build it with ./vicinity package");
        }
        Files.createDirectories(dataDir());
        Files.createDirectories(home.resolve("logs"));
        installNettyModule(nettyModuleJars);
        installPlugin(pluginZip);
        writeConfig();
        return this;
    }

    private void installNettyModule(Path jars) throws IOException {
        Path module = recreate(home.resolve("modules").resolve(NETTY_MODULE));
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(jars, "*.jar")) {
            for (Path jar : stream) {
                Files.copy(jar, module.resolve(jar.getFileName()));
            }
        }
        // A classic (non-modular) descriptor: the node runs on the class path, so no "modulename".
        Files.writeString(module.resolve("plugin-descriptor.properties"), String.join("\n",
            "description=Netty 4 based transport and HTTP layer",
            "version=" + ElasticsearchVersion.VERSION,
            "name=" + NETTY_MODULE,
            "classname=org.elasticsearch.transport.netty4.Netty4Plugin",
            "java.version=21",
            "elasticsearch.version=" + ElasticsearchVersion.VERSION,
            ""));
    }

    private void installPlugin(Path zip) throws IOException {
        Path plugin = recreate(home.resolve("plugins").resolve(PLUGIN_NAME));
        unzip(zip, plugin);
    }

    private void writeConfig() throws IOException {
        Path config = Files.createDirectories(home.resolve("config"));
        try (InputStream in = ElasticsearchHome.class.getResourceAsStream("log4j2.properties")) {
            if (in == null) {
                throw new IllegalStateException("log4j2.properties missing from the launcher's resources");
            }
            Files.copy(in, config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Unzips {@code zip} into {@code target}, refusing entries that would escape it (zip slip). */
    public static void unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (out.startsWith(target) == false) {
                    throw new IOException("zip entry [" + entry.getName() + "] escapes [" + target + "]");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Path recreate(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return Files.createDirectories(dir);
    }

    private static void requireDirectory(Path dir, String what) throws IOException {
        if (Files.isDirectory(dir) == false) {
            throw new IOException(what + " [" + dir + "] is not a directory; build with ./vicinity package");
        }
    }
}
