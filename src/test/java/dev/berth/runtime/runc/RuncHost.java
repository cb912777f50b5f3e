package dev.berth.runtime.runc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** What tests that run real containers need from the host, skipped with the reason when it is missing. */
public final class RuncHost {
    private RuncHost() {}

    public static void assumeContainersCanRun() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run containers");
        for (String tool : List.of("/usr/sbin/runc", "/usr/bin/conmon", "/bin/busybox")) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed");
        }
    }
}
