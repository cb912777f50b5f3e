package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame of a black-box test class: one real berthd with the bootstrapped busybox image for the whole class,
 * in a temp dir, torn down at the end with a check that nothing (containers, mounts, links, rules) is left.
 * A subclass's own {@code @BeforeAll} runs after the daemon is up.
 */
@Tag("root")
abstract class DaemonIT {
    @TempDir
    static Path base;
    static BerthdProcess berthd;

    @BeforeAll
    static void startDaemon() throws Exception {
        berthd = BerthdProcess.startWithBusybox(base);
        // the docker CLI, where a test drives it, keeps its config in the test's directory
        berthd.cliEnvironment.put("DOCKER_CONFIG", base.resolve("docker-config").toString());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        assertThat(BerthdProcess.tearDown(berthd, base)).as("left behind").isEmpty();
    }
}
