package dev.berth.image.archive;

import dev.berth.image.Image;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageRef;
import dev.berth.image.TestTars;
import dev.berth.image.oci.OciImageStore;
import java.io.ByteArrayInputStream;
import java.util.List;

/** The small one-layer image {@code demo/app:1.0} that the interop tests hand to other tools. */
final class DemoImage {
    static final String NAME = "demo/app:1.0";

    private DemoImage() {}

    static Image importInto(OciImageStore store) {
        return store.importRootfs(new ByteArrayInputStream(new TestTars().dir("etc").file("etc/motd", "hi").buildGzip()),
                ImageRef.parse(NAME), ImageConfig.empty().withCmd(List.of("sh")));
    }
}
