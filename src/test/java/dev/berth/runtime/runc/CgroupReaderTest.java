package dev.berth.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupReaderTest {
    @TempDir
    Path root;

    @Test
    void detectsTheLayoutFromCgroupControllers() throws IOException {
        Files.createDirectories(root.resolve("memory"));
        assertThat(CgroupReader.detect(root)).isInstanceOf(CgroupV1.class);
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        assertThat(CgroupReader.detect(root)).isInstanceOf(CgroupV2.class);
    }

    @Test
    void readsV2Counters() throws IOException {
        Path dir = Files.createDirectories(root.resolve("berth/c1"));
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        Files.writeString(dir.resolve("memory.current"), "1048576\n");
        Files.writeString(dir.resolve("memory.max"), "16777216\n");
        Files.writeString(dir.resolve("memory.stat"), "anon 4096\nfile 8192\ninactive_file 4096\nactive_file 0\n");
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n");
        Files.writeString(dir.resolve("pids.current"), "3\n");
        Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n");
        Files.writeString(dir.resolve("cgroup.procs"), "10\n11\n12\n");

        CgroupReader reader = CgroupReader.detect(root);

        assertThat(reader.version()).isEqualTo(2);
        assertThat(reader.sample("/berth/c1"))
                .isEqualTo(new CgroupSample(1048576, OptionalLong.of(16777216), 4096, 2_500_000, 3, 1));
        assertThat(reader.processIds("/berth/c1")).containsExactly(10L, 11L, 12L);
        assertThat(reader.exists("/berth/c1")).isTrue();
        assertThat(reader.exists("/berth/other")).isFalse();
    }

    @Test
    void v2MaxMeansUnlimited() throws IOException {
        Path dir = Files.createDirectories(root.resolve("c"));
        for (String file : new String[] {"memory.current", "pids.current"}) {
            Files.writeString(dir.resolve(file), "0\n");
        }
        Files.writeString(dir.resolve("memory.max"), "max\n");
        Files.writeString(dir.resolve("memory.stat"), "");
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 0\n");
        Files.writeString(dir.resolve("memory.events"), "oom_kill 0\n");

        assertThat(new CgroupV2(root).sample("/c").memoryLimit()).isEmpty();
    }

    @Test
    void readsV1CountersFromEachController() throws IOException {
        Path memory = Files.createDirectories(root.resolve("memory/berth/c1"));
        Path cpuacct = Files.createDirectories(root.resolve("cpuacct/berth/c1"));
        Path pids = Files.createDirectories(root.resolve("pids/berth/c1"));
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "2097152\n");
        Files.writeString(memory.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        Files.writeString(memory.resolve("memory.stat"), "cache 0\ninactive_file 1\ntotal_inactive_file 8192\n");
        Files.writeString(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Files.writeString(cpuacct.resolve("cpuacct.usage"), "123456789\n");
        Files.writeString(pids.resolve("pids.current"), "5\n");
        Files.writeString(pids.resolve("cgroup.procs"), "42\n");

        CgroupReader reader = CgroupReader.detect(root);

        assertThat(reader.version()).isEqualTo(1);
        assertThat(reader.sample("/berth/c1"))
                .isEqualTo(new CgroupSample(2097152, OptionalLong.empty(), 8192, 123456789, 5, 2));
        assertThat(reader.processIds("/berth/c1")).containsExactly(42L);
        assertThat(reader.exists("/berth/c1")).isTrue();
        assertThat(reader.exists("/berth/c2")).isFalse();
    }

    @Test
    void aMissingCgroupIsNotFound() {
        assertThatThrownBy(() -> new CgroupV1(root).sample("/berth/gone"))
                .isInstanceOf(BerthException.class)
                .hasMessageContaining("/berth/gone");
    }
}
