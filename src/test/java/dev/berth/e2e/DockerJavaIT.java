package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-java, with its Apache HttpClient 5 unix-socket transport, drives berthd unchanged: the calls a Java
 * application makes through the Docker Engine API, each checked for the values docker-java parses out of
 * berthd's answers (frames, exit codes, JSON shapes).
 */
class DockerJavaIT extends DaemonIT {
    private static DockerClient docker;

    @BeforeAll
    static void connect() {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix://" + berthd.socket)
                .withDockerConfig(base.resolve("docker-config").toString())
                .build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(60)).build();
        docker = DockerClientImpl.getInstance(config, http);
    }

    @AfterAll
    static void disconnect() throws Exception {
        docker.close();
    }

    @Test
    void pingsAndReadsVersionAndInfo() {
        docker.pingCmd().exec();
        Version v = docker.versionCmd().exec();
        assertThat(v.getApiVersion()).isEqualTo("1.50");
        assertThat(v.getOperatingSystem()).isEqualTo("linux");
        Info info = docker.infoCmd().exec();
        assertThat(info.getOsType()).isEqualTo("linux");
        assertThat(info.getNCPU()).isPositive();
        assertThat(info.getImages()).isPositive();
    }

    @Test
    void runsAContainerWithEnvPortsLabelsAndMemoryThenStopsAndRemovesIt() throws Exception {
        ExposedPort http = ExposedPort.tcp(80);
        Ports bindings = new Ports();
        bindings.bind(http, Ports.Binding.empty());
        CreateContainerResponse created = docker.createContainerCmd("busybox")
                .withName("dj-web")
                .withEnv("GREETING=hello from java")
                .withLabels(Map.of("suite", "docker-java"))
                .withExposedPorts(http)
                .withCmd("sh", "-c", "for i in 1 2 3; do echo line $i; done; echo $GREETING >&2; exec httpd -f -p 80 -h /")
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(bindings).withMemory(64L * 1024 * 1024)
                        .withNetworkMode("bridge"))
                .exec();
        assertThat(created.getWarnings()).as("regression: a stale 'bridge networking is not available' warning").isEmpty();
        docker.startContainerCmd(created.getId()).exec();

        InspectContainerResponse inspected = docker.inspectContainerCmd("dj-web").exec();
        assertThat(inspected.getState().getRunning()).isTrue();
        assertThat(inspected.getName()).isEqualTo("/dj-web");
        assertThat(inspected.getHostConfig().getMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(inspected.getConfig().getEnv()).contains("GREETING=hello from java");
        Ports.Binding[] published = inspected.getNetworkSettings().getPorts().getBindings().get(http);
        assertThat(published).isNotEmpty();
        assertThat(Integer.parseInt(published[0].getHostPortSpec())).isPositive();

        assertThat(docker.listContainersCmd().withLabelFilter(Map.of("suite", "docker-java")).exec())
                .extracting(c -> c.getId()).containsExactly(created.getId());
        assertThat(docker.listContainersCmd().withLabelFilter(Map.of("suite", "other")).exec()).isEmpty();

        var logs = new FrameCollector();
        docker.logContainerCmd(created.getId()).withStdOut(true).withStdErr(true).withFollowStream(true).exec(logs);
        logs.awaitText("hello from java", Duration.ofSeconds(10));
        assertThat(logs.text(StreamType.STDOUT)).startsWith("line 1\nline 2\nline 3\n");
        assertThat(logs.text(StreamType.STDERR)).isEqualTo("hello from java\n");

        docker.stopContainerCmd(created.getId()).withTimeout(2).exec();
        assertThat(logs.awaitCompletion(10, TimeUnit.SECONDS)).as("follow ends when the container stops").isTrue();
        assertThat(docker.inspectContainerCmd(created.getId()).exec().getState().getRunning()).isFalse();
        docker.removeContainerCmd(created.getId()).exec();
        assertThatThrownBy(() -> docker.inspectContainerCmd(created.getId()).exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void execsACommandAndReadsItsOutputAndExitCode() throws Exception {
        String id = docker.createContainerCmd("busybox").withName("dj-exec").withCmd("sleep", "300").exec().getId();
        docker.startContainerCmd(id).exec();
        try {
            ExecCreateCmdResponse exec = docker.execCreateCmd(id).withAttachStdout(true).withAttachStderr(true)
                    .withCmd("sh", "-c", "echo out; echo err >&2; exit 3").exec();
            var frames = new FrameCollector();
            docker.execStartCmd(exec.getId()).exec(frames);
            assertThat(frames.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
            assertThat(frames.text(StreamType.STDOUT)).isEqualTo("out\n");
            assertThat(frames.text(StreamType.STDERR)).isEqualTo("err\n");
            InspectExecResponse done = docker.inspectExecCmd(exec.getId()).exec();
            assertThat(done.isRunning()).isFalse();
            assertThat(done.getExitCodeLong()).isEqualTo(3L);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void waitsForTheExitCode() {
        String id = docker.createContainerCmd("busybox").withCmd("sh", "-c", "exit 7").exec().getId();
        docker.startContainerCmd(id).exec();
        int code = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(20, TimeUnit.SECONDS);
        assertThat(code).isEqualTo(7);
        assertThat(docker.inspectContainerCmd(id).exec().getState().getExitCodeLong()).isEqualTo(7L);
        docker.removeContainerCmd(id).exec();
    }

    @Test
    void copiesArchivesIntoAndOutOfAContainer() throws Exception {
        String id = docker.createContainerCmd("busybox").withCmd("sleep", "300").exec().getId();
        try {
            docker.copyArchiveToContainerCmd(id).withRemotePath("/tmp")
                    .withTarInputStream(new ByteArrayInputStream(tar("greeting.txt", "copied in"))).exec();
            docker.startContainerCmd(id).exec();
            try (InputStream out = docker.copyArchiveFromContainerCmd(id, "/tmp/greeting.txt").exec();
                 var tar = new TarArchiveInputStream(out)) {
                TarArchiveEntry e = tar.getNextEntry();
                assertThat(e.getName()).isEqualTo("greeting.txt");
                assertThat(new String(tar.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("copied in");
            }
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void readsOneShotStats() throws Exception {
        String id = docker.createContainerCmd("busybox").withCmd("sleep", "300")
                .withHostConfig(HostConfig.newHostConfig().withMemory(32L * 1024 * 1024)).exec().getId();
        docker.startContainerCmd(id).exec();
        try {
            var stats = new CopyOnWriteArrayList<Statistics>();
            var callback = docker.statsCmd(id).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
                @Override
                public void onNext(Statistics s) {
                    stats.add(s);
                }
            });
            assertThat(callback.awaitCompletion(15, TimeUnit.SECONDS)).isTrue();
            assertThat(stats).hasSize(1);
            assertThat(stats.getFirst().getMemoryStats().getLimit()).isEqualTo(32L * 1024 * 1024);
            assertThat(stats.getFirst().getCpuStats().getCpuUsage().getTotalUsage()).isPositive();
            assertThat(stats.getFirst().getPidsStats().getCurrent()).isEqualTo(1L);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void tagsInspectsListsAndRemovesImages() {
        docker.tagImageCmd("busybox", "dj/tagged", "v1").exec();
        assertThat(docker.listImagesCmd().exec()).anySatisfy(i -> assertThat(i.getRepoTags()).contains("dj/tagged:v1"));
        var image = docker.inspectImageCmd("dj/tagged:v1").exec();
        assertThat(image.getId()).isEqualTo(docker.inspectImageCmd("busybox").exec().getId());
        assertThat(image.getOs()).isEqualTo("linux");
        docker.removeImageCmd("dj/tagged:v1").exec();
        assertThatThrownBy(() -> docker.inspectImageCmd("dj/tagged:v1").exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void buildsAnImageFromATarContextWithTheLegacyBuilder() throws Exception {
        byte[] context = tar("Dockerfile", "FROM busybox\nRUN echo built > /built.txt\nCMD [\"cat\", \"/built.txt\"]\n");
        String imageId = docker.buildImageCmd(new ByteArrayInputStream(context)).withTags(java.util.Set.of("dj/built:1"))
                .exec(new BuildImageResultCallback()).awaitImageId(120, TimeUnit.SECONDS);
        assertThat(docker.inspectImageCmd("dj/built:1").exec().getId()).contains(imageId);
        String id = docker.createContainerCmd("dj/built:1").exec().getId();
        docker.startContainerCmd(id).exec();
        docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(20, TimeUnit.SECONDS);
        var logs = new FrameCollector();
        docker.logContainerCmd(id).withStdOut(true).exec(logs);
        assertThat(logs.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
        assertThat(logs.text(StreamType.STDOUT)).isEqualTo("built\n");
        docker.removeContainerCmd(id).exec();
        docker.removeImageCmd("dj/built:1").exec();
    }

    @Test
    void createsListsAndRemovesNetworksAndVolumes() {
        String net = docker.createNetworkCmd().withName("dj-net").withLabels(Map.of("suite", "docker-java")).exec().getId();
        assertThat(docker.listNetworksCmd().withNameFilter("dj-net").exec()).extracting(n -> n.getId()).containsExactly(net);
        assertThat(docker.inspectNetworkCmd().withNetworkId("dj-net").exec().getDriver()).isEqualTo("bridge");
        docker.removeNetworkCmd("dj-net").exec();
        assertThat(docker.listNetworksCmd().withNameFilter("dj-net").exec()).isEmpty();

        docker.createVolumeCmd().withName("dj-vol").withLabels(Map.of("suite", "docker-java")).exec();
        assertThat(docker.listVolumesCmd().exec().getVolumes()).anySatisfy(v -> assertThat(v.getName()).isEqualTo("dj-vol"));
        assertThat(docker.inspectVolumeCmd("dj-vol").exec().getLabels()).containsEntry("suite", "docker-java");
        docker.removeVolumeCmd("dj-vol").exec();
        assertThatThrownBy(() -> docker.inspectVolumeCmd("dj-vol").exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void streamsEventsOfAShortWindow() throws Exception {
        long since = Instant.now().getEpochSecond();
        String id = docker.createContainerCmd("busybox").withName("dj-events").withCmd("true").exec().getId();
        docker.startContainerCmd(id).exec();
        docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode(20, TimeUnit.SECONDS);
        docker.removeContainerCmd(id).exec();
        var events = new CopyOnWriteArrayList<Event>();
        var callback = docker.eventsCmd().withSince(String.valueOf(since))
                .withUntil(String.valueOf(Instant.now().getEpochSecond() + 1))
                .withContainerFilter(id).exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event e) {
                        events.add(e);
                    }
                });
        assertThat(callback.awaitCompletion(15, TimeUnit.SECONDS)).as("until ends the stream").isTrue();
        assertThat(events).extracting(Event::getAction).containsSubsequence("create", "start", "die", "destroy");
        assertThat(events).allSatisfy(e -> assertThat(e.getActor().getAttributes()).containsEntry("name", "dj-events"));
    }

    @Test
    void listsChangesUpdatesLimitsAndPrunesStoppedContainers() {
        String id = docker.createContainerCmd("busybox").withLabels(Map.of("suite", "dj-prune"))
                .withCmd("sh", "-c", "echo x > /tmp/new.txt; sleep 300").exec().getId();
        docker.startContainerCmd(id).exec();
        var changes = new java.util.ArrayList<com.github.dockerjava.api.model.ChangeLog>();
        Instant deadline = Instant.now().plusSeconds(10);
        while (changes.stream().noneMatch(c -> c.getPath().equals("/tmp/new.txt"))) {
            assertThat(Instant.now()).as("waiting for /tmp/new.txt").isBefore(deadline);
            changes.clear();
            changes.addAll(docker.containerDiffCmd(id).exec());
        }
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.getPath()).isEqualTo("/tmp/new.txt");
            assertThat(c.getKind()).isEqualTo(1);
        });

        assertThat(docker.updateContainerCmd(id).withMemory(48L * 1024 * 1024).withPidsLimit(25L).exec().getWarnings()).isEmpty();
        HostConfig updated = docker.inspectContainerCmd(id).exec().getHostConfig();
        assertThat(updated.getMemory()).isEqualTo(48L * 1024 * 1024);
        assertThat(updated.getPidsLimit()).isEqualTo(25L);

        docker.stopContainerCmd(id).withTimeout(1).exec();
        var pruned = docker.pruneCmd(com.github.dockerjava.api.model.PruneType.CONTAINERS)
                .withLabelFilter("suite=dj-prune").exec();
        assertThat(pruned.getSpaceReclaimed()).isPositive();
        assertThatThrownBy(() -> docker.inspectContainerCmd(id).exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void answersAMissingContainerWithNotFound() {
        assertThatThrownBy(() -> docker.inspectContainerCmd("no-such-container").exec()).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("No such container: no-such-container");
    }

    /** A one-file tar, as docker-java's archive and build commands take. */
    private static byte[] tar(String name, String content) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            var e = new TarArchiveEntry(name);
            e.setSize(data.length);
            e.setMode(0644);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    /** Collects demultiplexed frames by stream. */
    private static final class FrameCollector extends ResultCallback.Adapter<Frame> {
        private final List<Frame> frames = new CopyOnWriteArrayList<>();

        @Override
        public void onNext(Frame f) {
            frames.add(f);
        }

        String text(StreamType type) {
            var out = new ByteArrayOutputStream();
            frames.stream().filter(f -> f.getStreamType() == type).forEach(f -> out.writeBytes(f.getPayload()));
            return out.toString(StandardCharsets.UTF_8);
        }

        void awaitText(String wanted, Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            while (!(text(StreamType.STDOUT) + text(StreamType.STDERR)).contains(wanted)) {
                assertThat(Instant.now()).as("waiting for %s in the log", wanted).isBefore(deadline);
                BerthdProcess.pause(Duration.ofMillis(50));
            }
        }
    }
}
