package dev.berth.image.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;

class LayerEntryCheckerTest {
    private final LayerEntryChecker checker = new LayerEntryChecker("test.tar");

    @Test
    void normalizesDotSlashAndTrailingSlash() {
        assertThat(checker.check(new TarArchiveEntry("./etc/"))).isEqualTo("etc");
        assertThat(checker.check(new TarArchiveEntry("./"))).isEmpty();
    }

    @Test
    void rejectsDotDotAndAbsoluteNamesNamingTheEntry() {
        assertThatThrownBy(() -> checker.check(new TarArchiveEntry("a/../../etc/passwd")))
                .isInstanceOf(BerthException.class).hasMessageContaining("'a/../../etc/passwd'").hasMessageContaining("..");
        assertThatThrownBy(() -> checker.check(new TarArchiveEntry("/etc/passwd", true)))
                .hasMessageContaining("absolute");
    }

    @Test
    void rejectsWritingThroughAnEarlierSymlink() {
        TarArchiveEntry link = new TarArchiveEntry("evil", TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("/etc");
        checker.check(link);
        assertThatThrownBy(() -> checker.check(new TarArchiveEntry("evil/passwd")))
                .hasMessageContaining("symlink 'evil'");
    }

    @Test
    void acceptsHardLinksToEarlierFilesOnly() {
        checker.check(new TarArchiveEntry("bin/a"));
        TarArchiveEntry good = new TarArchiveEntry("bin/b", TarArchiveEntry.LF_LINK);
        good.setLinkName("bin/a");
        assertThat(checker.check(good)).isEqualTo("bin/b");
        TarArchiveEntry outside = new TarArchiveEntry("bin/c", TarArchiveEntry.LF_LINK);
        outside.setLinkName("../../etc/shadow");
        assertThatThrownBy(() -> checker.check(outside)).hasMessageContaining("..");
        TarArchiveEntry missing = new TarArchiveEntry("bin/d", TarArchiveEntry.LF_LINK);
        missing.setLinkName("etc/shadow");
        assertThatThrownBy(() -> checker.check(missing)).hasMessageContaining("hard link");
    }

    @Test
    void symlinkTargetsMustStayInsideTheArchive() {
        assertThat(TarPaths.resolveLinkWithin("abc/layer.tar", "../def/layer.tar", "x")).isEqualTo("def/layer.tar");
        assertThatThrownBy(() -> TarPaths.resolveLinkWithin("abc/layer.tar", "../../etc/passwd", "x"))
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> TarPaths.resolveLinkWithin("layer.tar", "/etc/passwd", "x"))
                .hasMessageContaining("absolute");
    }
}
