package dev.vicinity.it;

import dev.vicinity.devnode.ElasticsearchHome;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginDescriptor;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;
import org.elasticsearch.plugins.PluginsUtils;
import org.elasticsearch.test.ESTestCase;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/**
 * Validates the built plugin zip with Elasticsearch's own classes, the checks {@code elasticsearch-plugin install}
 * and node start-up run: descriptor parsing, version compatibility, jar hell against the server's class path,
 * and loading through {@link PluginsLoader} and {@link PluginsService} in an isolated class loader.
 *
 * <p>Runs in its own Surefire execution whose class path, like a real node's, lacks the plugin's classes.
 */
// Lucene's ExtrasFS randomly drops an "extra0" entry into temp directories; in the plugins directory Elasticsearch
// rightly takes it for a plugin without descriptor and the install check fails (e.g. -Dtests.seed=99AB15F383D4216D).
@org.apache.lucene.tests.util.LuceneTestCase.SuppressFileSystems("ExtrasFS")
public class PluginZipValidationTests extends ESTestCase {

    @org.junit.BeforeClass
    public static void requireServerOnlyClassPath() {
        // Under -Dtest=... Surefire runs this class in the default execution, whose class path holds the plugin:
        // ES would then rightly report jar hell. Say so instead of failing obscurely.
        expectThrows(ClassNotFoundException.class, "run this class through the build's plugin-zip-validation execution"
            + " (./vicinity test), not -Dtest", () -> Class.forName("dev.vicinity.plugin.VicinityPlugin"));
    }

    private static Path builtZip() {
        Path zip = Path.of(System.getProperty("vicinity.plugin.zip"));
        assertTrue("the plugin zip [" + zip + "] must be built before this test (mvn verify builds it)", Files.isRegularFile(zip));
        return zip;
    }

    public void testZipHoldsTheDescriptorAndOnlyOurJars() throws IOException {
        List<String> entries;
        try (ZipFile zip = new ZipFile(builtZip().toFile())) {
            entries = zip.stream().map(ZipEntry::getName).toList();
        }
        assertThat(entries, hasItem("plugin-descriptor.properties"));
        assertThat(entries, everyItem(matchesPattern("plugin-descriptor\\.properties|vicinity-[a-z]+-[0-9][^/]*\\.jar")));
        assertThat(entries, hasItem(matchesPattern("vicinity-plugin-.*\\.jar")));
        assertThat(entries, hasItem(matchesPattern("vicinity-codec-.*\\.jar")));
    }

    public void testBuiltZipPassesElasticsearchChecksAndLoads() throws Exception {
        PluginDescriptor descriptor = validate(builtZip());
        assertThat(descriptor.getName(), equalTo("vicinity"));
        assertThat(descriptor.getClassname(), equalTo("dev.vicinity.plugin.VicinityPlugin"));
        assertThat(descriptor.getElasticsearchVersion(), equalTo(org.elasticsearch.Build.current().version()));
    }

    public void testTamperedElasticsearchVersionIsRefused() throws Exception {
        Path tampered = rewriteDescriptor(builtZip(), "elasticsearch.version=" + org.elasticsearch.Build.current().version(), "elasticsearch.version=9.4.0");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> validate(tampered));
        assertThat(e.getMessage(), containsString("9.4.0"));
    }

    public void testUnknownDescriptorKeyIsRefused() throws Exception {
        Path tampered = rewriteDescriptor(builtZip(), "name=vicinity", "name=vicinity\nflavour=vanilla");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> validate(tampered));
        assertThat(e.getMessage(), containsString("flavour"));
    }

    /**
     * Runs the checks of a real install and start-up on {@code zip}; throws what Elasticsearch throws.
     * Returns the parsed descriptor.
     */
    private PluginDescriptor validate(Path zip) throws Exception {
        Path home = createTempDir();
        Path pluginsDir = Files.createDirectories(home.resolve("plugins"));
        Path modulesDir = Files.createDirectories(home.resolve("modules"));
        Path staging = Files.createDirectories(home.resolve("staging").resolve("vicinity"));
        ElasticsearchHome.unzip(zip, staging);

        PluginDescriptor descriptor = PluginDescriptor.readFromProperties(staging);
        PluginsUtils.verifyCompatibility(descriptor);
        PluginsUtils.preInstallJarHellCheck(descriptor, staging, pluginsDir, modulesDir, serverClassPath());

        Files.move(staging, pluginsDir.resolve(descriptor.getName()));
        Settings settings = Settings.builder().put("path.home", home.toString()).build();
        PluginsLoader loader = PluginsLoader.createPluginsLoader(Set.of(), PluginsLoader.loadPluginsBundles(pluginsDir, false), Map.of(), false);
        PluginsService service = new PluginsService(settings, home.resolve("config"), loader);
        Map<String, Plugin> plugins = service.pluginMap();
        assertThat(plugins.keySet(), hasItem(descriptor.getName()));
        Class<?> pluginClass = plugins.get(descriptor.getName()).getClass();
        assertThat(pluginClass.getName(), equalTo(descriptor.getClassname()));
        // Loaded from the zip's jars in its own class loader, not from this JVM's class path.
        assertThat(pluginClass.getClassLoader(), not(equalTo(getClass().getClassLoader())));
        expectThrows(ClassNotFoundException.class, () -> Class.forName(descriptor.getClassname()));
        return descriptor;
    }

    /** The class path of a real node (the Elasticsearch server and its dependencies), as computed by the build. */
    private static Set<URL> serverClassPath() throws IOException {
        Set<URL> urls = new LinkedHashSet<>();
        for (String entry : Files.readString(Path.of(System.getProperty("vicinity.node.classpath"))).trim().split(java.io.File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls;
    }

    private Path rewriteDescriptor(Path zip, String from, String to) throws IOException {
        Path copy = createTempDir().resolve("tampered.zip");
        try (ZipFile in = new ZipFile(zip.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals("plugin-descriptor.properties")) {
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    assertThat(text, containsString(from));
                    bytes = text.replace(from, to).getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return copy;
    }
}
