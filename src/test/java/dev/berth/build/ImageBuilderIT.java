package dev.berth.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import dev.berth.common.Database;
import dev.berth.image.HistoryEntry;
import dev.berth.image.Image;
import dev.berth.image.ImageRef;
import dev.berth.image.RootFs;
import dev.berth.image.TestTars;
import dev.berth.image.bootstrap.BusyboxBootstrap;
import dev.berth.image.oci.OciImageStore;
import dev.berth.image.overlay.OverlaySnapshotter;
import dev.berth.network.bridge.BridgeNetworks;
import dev.berth.network.bridge.TestBridges;
import dev.berth.runtime.runc.RuncHost;
import dev.berth.runtime.runc.RuncRuntime;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real builds: RUN steps in runc containers over overlayfs snapshots of a bootstrapped busybox. */
@Tag("root")
class ImageBuilderIT {
    @TempDir
    Path dir;
    private Database db;
    private OciImageStore images;
    private OverlaySnapshotter snapshots;
    private RuncRuntime runtime;
    private BridgeNetworks networks;
    private ImageBuilder builder;
    private final StringBuilder output = new StringBuilder();

    @BeforeAll
    static void requireRootAndTools() {
        RuncHost.assumeContainersCanRun();
    }

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("berth.db"));
        images = OciImageStore.open(dir.resolve("images"), db);
        snapshots = new OverlaySnapshotter(dir.resolve("overlay"), images);
        runtime = RuncRuntime.open(dir.resolve("run"), dir.resolve("logs"), "runc");
        networks = TestBridges.open(db, dir);
        builder = new ImageBuilder(images, snapshots, runtime, networks, db, dir.resolve("build"));
        new BusyboxBootstrap(images).bootstrap();
    }

    @AfterEach
    void nothingLeftBehind() {
        try {
            assertThat(runtime.list()).as("RUN containers are deleted").isEmpty();
            assertThat(snapshots.keys()).as("build snapshots are removed").isEmpty();
            assertThat(dir.resolve("build")).isEmptyDirectory();
        } finally {
            networks.close();
            runtime.close();
            db.close();
        }
    }

    private Image build(byte[] context, BuildRequest request) {
        output.setLength(0);
        return builder.build(new ByteArrayInputStream(context), request, output::append);
    }

    private Image build(String dockerfile, String... tags) {
        return build(new TestTars().file("Dockerfile", dockerfile).build(), request(Map.of(), tags));
    }

    private static BuildRequest request(Map<String, String> buildArgs, String... tags) {
        return new BuildRequest("Dockerfile", buildArgs, Optional.empty(), false, Map.of(),
                List.of(tags).stream().map(ImageRef::parse).toList(), BuildRequest.RunNetwork.DEFAULT);
    }

    /** Reads a file of the image through a snapshot, removed again at once. */
    private String read(Image image, String path) throws Exception {
        RootFs root = snapshots.prepare("read", image);
        try {
            return Files.readString(root.path().resolve(path));
        } finally {
            snapshots.remove("read");
        }
    }

    private boolean exists(Image image, String path) {
        RootFs root = snapshots.prepare("read", image);
        try {
            return Files.exists(root.path().resolve(path), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } finally {
            snapshots.remove("read");
        }
    }

    @Test
    void runStepsAreOnTheDefaultBridgeUnlessToldOtherwise() {
        build("FROM busybox\nRUN ip -4 -o addr show eth0; ip route\n");
        assertThat(output).contains("inet 10.253.").contains("default via 10.253.");
        build(new TestTars().file("Dockerfile", "FROM busybox\nRUN ip -o link\n").build(), new BuildRequest("Dockerfile", Map.of(),
                Optional.empty(), true, Map.of(), List.of(), BuildRequest.RunNetwork.NONE));
        assertThat(output).contains("lo:").doesNotContain("eth0");
    }

    @Test
    void theSeedArticlesSixStepsGiveDockersConfigAndFiles() throws Exception {
        byte[] context = new TestTars()
                .file("Dockerfile", """
                        FROM busybox
                        WORKDIR /app
                        COPY package.json ./
                        RUN wc -c package.json > size.txt && echo installing
                        COPY . .
                        CMD ["node", "server.js"]
                        """)
                .file("package.json", "{\"name\":\"demo\"}")
                .file("server.js", "console.log('hi')")
                .build();

        Image image = build(context, request(Map.of(), "app:1"));

        assertThat(output).contains("Step 1/6 : FROM busybox", "Step 4/6 : RUN wc -c package.json > size.txt && echo installing",
                " ---> Running in ", "installing\n", "Removing intermediate container", "Successfully built " + image.id().shortHex(),
                "Successfully tagged app:1");
        assertThat(image.repoTags()).containsExactly("app:1");
        assertThat(image.config().workingDir()).isEqualTo("/app");
        assertThat(image.config().cmd()).containsExactly("node", "server.js");
        assertThat(image.config().env()).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(read(image, "app/size.txt")).isEqualTo("15 package.json\n");
        assertThat(read(image, "app/server.js")).isEqualTo("console.log('hi')");
        Image base = images.resolve("busybox");
        assertThat(image.diffIds()).hasSize(base.diffIds().size() + 4).startsWith(base.diffIds().toArray(new dev.berth.common.Digest[0]));
        List<HistoryEntry> history = images.history(image);
        assertThat(history.subList(history.size() - 5, history.size())).extracting(HistoryEntry::createdBy, HistoryEntry::emptyLayer)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/bin/sh -c #(nop) WORKDIR /app", false),
                        org.assertj.core.groups.Tuple.tuple(history.get(history.size() - 4).createdBy(), false),
                        org.assertj.core.groups.Tuple.tuple("/bin/sh -c wc -c package.json > size.txt && echo installing", false),
                        org.assertj.core.groups.Tuple.tuple(history.get(history.size() - 2).createdBy(), false),
                        org.assertj.core.groups.Tuple.tuple("/bin/sh -c #(nop)  CMD [\"node\" \"server.js\"]", true));
        assertThat(history.get(history.size() - 4).createdBy()).matches("/bin/sh -c #\\(nop\\) COPY file:[0-9a-f]{64} in ./ ");
        assertThat(history.get(history.size() - 2).createdBy()).matches("/bin/sh -c #\\(nop\\) COPY dir:[0-9a-f]{64} in \\. ");
    }

    @Test
    void anUnchangedRebuildComesFromTheCacheAndAChangedFileMissesFromItsStepOn() throws Exception {
        String dockerfile = "FROM busybox\nCOPY a.txt /a.txt\nRUN cat /a.txt > /copy.txt\nENV DONE=1\n";
        byte[] first = new TestTars().file("Dockerfile", dockerfile).file("a.txt", "one").build();
        Image built = build(first, request(Map.of()));
        Image again = build(first, request(Map.of()));
        assertThat(again.id()).isEqualTo(built.id());
        assertThat(output.toString().split("Using cache", -1)).hasSize(4);
        assertThat(output).doesNotContain("Running in");

        byte[] changed = new TestTars().file("Dockerfile", dockerfile).file("a.txt", "two").build();
        Image rebuilt = build(changed, request(Map.of()));
        assertThat(output).doesNotContain("Using cache");
        assertThat(read(rebuilt, "copy.txt")).isEqualTo("two");

        BuildRequest noCache = new BuildRequest("Dockerfile", Map.of(), Optional.empty(), true, Map.of(), List.of(), BuildRequest.RunNetwork.NONE);
        Image fresh = build(changed, noCache);
        assertThat(output).doesNotContain("Using cache").contains("Running in");
        assertThat(fresh.diffIds().get(fresh.diffIds().size() - 2)).as("the COPY layer is reproducible")
                .isEqualTo(rebuilt.diffIds().get(rebuilt.diffIds().size() - 2));
    }

    @Test
    void multiStageCopiesFromAStageByNameAndIndexAndSkipsUnusedStages() throws Exception {
        Image image = build("""
                FROM busybox AS compile
                RUN mkdir /out && echo binary > /out/app && chmod 755 /out/app
                FROM busybox AS broken
                RUN echo this stage is not needed && exit 1
                FROM busybox
                RUN echo second > /second
                FROM scratch
                COPY --from=compile /out/app /bin/app
                COPY --from=2 /second /
                ENTRYPOINT ["/bin/app"]
                """);
        assertThat(output).doesNotContain("this stage is not needed").contains("Step 1/8 : FROM busybox AS compile");
        assertThat(image.diffIds()).hasSize(2);
        assertThat(read(image, "bin/app")).isEqualTo("binary\n");
        assertThat(read(image, "second")).isEqualTo("second\n");
        assertThat(image.config().entrypoint()).containsExactly("/bin/app");
        assertThat(image.config().env()).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }

    @Test
    void runUsesTheStagesUserWorkdirShellAndTargetStopsEarly() throws Exception {
        byte[] context = new TestTars().file("Dockerfile", """
                FROM busybox AS first
                WORKDIR /tmp/work
                USER berth
                SHELL ["/bin/sh", "-ec"]
                RUN id -u > /tmp/uid && pwd > /tmp/pwd && echo "$0 $-" > /tmp/shell
                FROM first AS second
                RUN echo never > /tmp/work/second
                """).build();
        Image image = build(context, new BuildRequest("Dockerfile", Map.of(), Optional.of("first"), false, Map.of(),
                List.of(), BuildRequest.RunNetwork.NONE));
        assertThat(output).contains("Step 5/5").doesNotContain("never");
        assertThat(read(image, "tmp/uid")).isEqualTo("1000\n");
        assertThat(read(image, "tmp/pwd")).isEqualTo("/tmp/work\n");
        assertThat(read(image, "tmp/shell")).startsWith("/bin/sh ").contains("e");
        assertThat(image.config().user()).isEqualTo("berth");
    }

    @Test
    void aFailingRunReportsItsOutputAndCodeAndMovesNoTag() {
        Image good = build("FROM busybox\nRUN echo good > /v\n", "app:latest");
        assertThatThrownBy(() -> build("FROM busybox\nRUN echo boom && exit 3\n", "app:latest"))
                .isInstanceOfSatisfying(RunFailure.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                .hasMessage("Dockerfile line 2: The command '/bin/sh -c echo boom && exit 3' returned a non-zero code: 3");
        assertThat(output).contains("boom\n");
        assertThat(images.resolve("app:latest").id()).isEqualTo(good.id());
    }

    @Test
    void badInputNamesTheProblemAndFileLine() {
        assertThatThrownBy(() -> build("FROM nosuch:image\n")).isInstanceOf(BerthException.class)
                .hasMessageContaining("Dockerfile line 1: base image nosuch:image not found");
        assertThatThrownBy(() -> build("FROM busybox\nCOPY missing.txt /\n"))
                .hasMessageContaining("Dockerfile line 2: COPY: file not found in build context or excluded by .dockerignore: missing.txt");
        assertThatThrownBy(() -> build("FROM busybox\nCOPY ../../etc/passwd /\n"))
                .hasMessageContaining("forbidden path outside the build context");
        assertThatThrownBy(() -> build("FROM busybox\nADD https://example.com/x.tar /\n"))
                .hasMessageContaining("downloading remote sources needs network access");
        assertThatThrownBy(() -> build("FROM busybox\nENV A=${B:?required}\n"))
                .hasMessage("Dockerfile line 2: B: required");
        assertThatThrownBy(() -> build(new TestTars().file("Dockerfile", "FROM busybox\n").build(),
                new BuildRequest("Dockerfile", Map.of(), Optional.of("nostage"), false, Map.of(), List.of(), BuildRequest.RunNetwork.NONE)))
                .hasMessageContaining("failed to reach build target nostage");
    }

    @Test
    void argsEnvAndSubstitutionFollowDockersScoping() throws Exception {
        Image image = build(new TestTars().file("Dockerfile", """
                        ARG BASE=busybox
                        ARG VERSION=1.0
                        FROM ${BASE}
                        ARG VERSION
                        ARG WHO=nobody
                        ENV APP_HOME=/srv/app GREETING="hello world"
                        WORKDIR $APP_HOME/tmp/../${SUB:-data}
                        LABEL version=$VERSION who=${WHO} literal=\\$HOME
                        RUN echo "$VERSION $WHO $GREETING" > out.txt
                        USER 1000:1000
                        EXPOSE 80 53/udp 8000-8001
                        VOLUME /data
                        STOPSIGNAL SIGQUIT
                        HEALTHCHECK --interval=5s --retries=2 CMD wget -q localhost || exit 1
                        SHELL ["/bin/sh", "-ec"]
                        ONBUILD RUN echo child
                        """).build(),
                request(Map.of("WHO", "berth", "UNUSED", "x")));
        var c = image.config();
        assertThat(c.workingDir()).isEqualTo("/srv/app/data");
        assertThat(c.labels()).containsEntry("version", "1.0").containsEntry("who", "berth").containsEntry("literal", "$HOME");
        assertThat(c.env()).contains("APP_HOME=/srv/app", "GREETING=hello world").noneMatch(e -> e.startsWith("WHO="));
        assertThat(read(image, "srv/app/data/out.txt")).isEqualTo("1.0 berth hello world\n");
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.exposedPorts()).containsOnlyKeys("80/tcp", "53/udp", "8000/tcp", "8001/tcp");
        assertThat(c.volumes()).containsOnlyKeys("/data");
        assertThat(c.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(c.healthcheck().test()).containsExactly("CMD-SHELL", "wget -q localhost || exit 1");
        assertThat(c.healthcheck().interval()).isEqualTo(5_000_000_000L);
        assertThat(c.healthcheck().retries()).isEqualTo(2);
        assertThat(c.shell()).containsExactly("/bin/sh", "-ec");
        assertThat(c.onBuild()).containsExactly("RUN echo child");
        assertThat(images.history(image)).anyMatch(h -> h.createdBy().startsWith("|2 VERSION=1.0 WHO=berth /bin/sh -c echo"));
        assertThat(output).contains("[Warning] One or more build-args [UNUSED] were not consumed");

        Image child = build("FROM " + image.id() + "\nCMD [\"true\"]\n");
        assertThat(output).contains("# Executing 1 build trigger", "child\n");
        assertThat(child.config().onBuild()).isEmpty();
    }

    @Test
    void whatACrashedBuildLeftIsRemovedAtTheNextStart() throws Exception {
        String key = dev.berth.common.Ids.newId();
        new BuildCache(db, images).working(key);
        snapshots.prepare(key, images.resolve("busybox"));
        Files.createDirectories(dir.resolve("build/build-123/context"));

        new ImageBuilder(images, snapshots, runtime, networks, db, dir.resolve("build"));

        assertThat(snapshots.keys()).doesNotContain(key);
        assertThat(new BuildCache(db, images).leftovers()).isEmpty();
    }

    @Test
    void copyAndAddFollowDockersFileRules() throws Exception {
        byte[] inner = new TestTars().dir("pkg").file("pkg/lib.txt", "lib").build();
        Image image = build(new TestTars()
                .file("Dockerfile", """
                        FROM busybox
                        RUN rm /etc/motd 2>/dev/null; echo base > /etc/motd && rm -rf /home
                        COPY *.txt /glob/
                        COPY --chown=1000:1000 --chmod=600 secret /private/secret
                        COPY dir /copied
                        ADD inner.tar /unpacked/
                        COPY <<EOF /etc/heredoc
                        made by $HOSTNAME_UNSET-heredoc
                        EOF
                        RUN <<EOF
                        echo line one > /script.out
                        echo line two >> /script.out
                        EOF
                        RUN <<PROGRAM
                        #!/bin/sh -e
                        echo "run by its interpreter" > /program.out
                        PROGRAM
                        RUN rm /etc/motd
                        """)
                .file("a.txt", "a").file("b.txt", "b").file("c.md", "c")
                .file("secret", "s3cret")
                .dir("dir").file("dir/sub/deep.txt", "deep")
                .file("inner.tar", inner)
                .build(), request(Map.of()));
        assertThat(read(image, "glob/a.txt")).isEqualTo("a");
        assertThat(exists(image, "glob/c.md")).isFalse();
        RootFs root = snapshots.prepare("read", image);
        try {
            Path secret = root.path().resolve("private/secret");
            assertThat(Files.getAttribute(secret, "unix:uid")).isEqualTo(1000);
            assertThat((int) Files.getAttribute(secret, "unix:mode") & 07777).isEqualTo(0600);
            assertThat(root.path().resolve("copied/sub/deep.txt")).hasContent("deep");
            assertThat(root.path().resolve("unpacked/pkg/lib.txt")).hasContent("lib");
            assertThat(root.path().resolve("etc/heredoc")).hasContent("made by -heredoc\n");
            assertThat(root.path().resolve("script.out")).hasContent("line one\nline two\n");
            assertThat(root.path().resolve("program.out")).hasContent("run by its interpreter\n");
            assertThat(root.path().resolve("dev/pipes")).as("the program was mounted, not written").doesNotExist();
            assertThat(root.path().resolve("etc/motd")).as("deleted by a later RUN: a whiteout").doesNotExist();
            assertThat(root.path().resolve("home")).doesNotExist();
        } finally {
            snapshots.remove("read");
        }
    }
}
