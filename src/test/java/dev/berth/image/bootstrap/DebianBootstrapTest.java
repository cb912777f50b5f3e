package dev.berth.image.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DebianBootstrapTest {
    @Test
    void theSuiteIsBookwormUnlessNamed() {
        assertThat(DebianBootstrap.suite("debian")).isEqualTo("bookworm");
        assertThat(DebianBootstrap.suite("debian:trixie")).isEqualTo("trixie");
        assertThatThrownBy(() -> DebianBootstrap.suite("debian:../x")).hasMessageContaining("invalid Debian suite '../x' in debian:../x");
        assertThatThrownBy(() -> DebianBootstrap.suite("debian:")).hasMessageContaining("invalid Debian suite ''");
    }

    /** The tarball scripts/setup.sh fetches must hold what Berth installs when it makes one itself. */
    @Test
    void setupFetchesTheSamePackages() throws IOException {
        Matcher list = Pattern.compile("packages=([a-z0-9,.+-]+)").matcher(Files.readString(Path.of("scripts/setup.sh")));
        assertThat(list.find()).isTrue();
        assertThat(list.group(1)).isEqualTo(DebianBootstrap.PACKAGES);
    }
}
