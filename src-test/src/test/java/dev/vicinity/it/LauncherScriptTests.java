package dev.vicinity.it;

import org.apache.lucene.tests.util.LuceneTestCase;
import org.elasticsearch.test.ESTestCase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The {@code ./vicinity} launcher as a fresh clone sees it: no build outputs yet. A stand-in Maven Wrapper that only
 * records that it was called and then fails lets the test check that each command reaches the build (and reports
 * its failure) instead of dying earlier, as it once did silently when the plugin zip did not exist yet.
 */
@LuceneTestCase.SuppressFileSystems("ExtrasFS") // the launcher lists plugin/target; stray extra0 files must not appear
public class LauncherScriptTests extends ESTestCase {

    public void testCommandsOnAFreshCloneReachTheBuild() throws Exception {
        for (String command : new String[] { "package", "serve", "demo", "bench" }) {
            Path clone = freshClone();
            Result result = run(clone, command);
            assertThat(command + " printed:\n" + result.output, result.output, containsString("fake maven wrapper called"));
            assertThat(command + " printed:\n" + result.output, result.output, containsString("vicinity: the build failed"));
            assertThat(command, result.exitCode, equalTo(1));
        }
    }

    public void testNoJdkIsAClearError() throws Exception {
        Path clone = freshClone();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "sed -i 's#/usr/lib/jvm/\\*#/nonexistent/*#' vicinity && ./vicinity test");
        builder.environment().put("JAVA_HOME", clone.resolve("no-such-jdk").toString());
        Result result = run(builder.directory(clone.toFile()));
        assertThat(result.output, containsString("no JDK 21 or newer found"));
        assertThat(result.exitCode, equalTo(1));
    }

    /** A directory holding the launcher and a Maven Wrapper stand-in, and nothing built. */
    private Path freshClone() throws IOException {
        Path clone = createTempDir();
        Path launcher = Path.of(System.getProperty("vicinity.launcher"));
        Files.copy(launcher, clone.resolve("vicinity"));
        Path mvnw = clone.resolve("mvnw");
        Files.writeString(mvnw, "#!/usr/bin/env bash\necho 'fake maven wrapper called' >&2\nexit 1\n", StandardCharsets.UTF_8);
        for (Path script : new Path[] { clone.resolve("vicinity"), mvnw }) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return clone;
    }

    private Result run(Path clone, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("./vicinity", command).directory(clone.toFile());
        // The JDK running this test qualifies (21+), so the launcher's search ends at JAVA_HOME.
        builder.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        return run(builder);
    }

    private Result run(ProcessBuilder builder) throws Exception {
        Path log = createTempFile();
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (process.waitFor(60, TimeUnit.SECONDS) == false) {
            process.destroyForcibly().waitFor();
            fail("the launcher did not finish within 60 s: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    private record Result(int exitCode, String output) {}
}
