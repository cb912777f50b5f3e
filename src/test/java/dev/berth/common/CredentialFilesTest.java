package dev.berth.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialFilesTest {
    @TempDir
    Path dir;

    @Test
    void dockerConfigEntriesAreFoundWhateverTheKeyLooksLike() throws Exception {
        Path docker = dir.resolve("docker.json");
        Files.writeString(docker, """
                {"auths": {"https://index.docker.io/v1/": {"auth": "aHViOmh1YnB3"},
                           "http://127.0.0.1:5000": {"auth": "bG9jYWw6cHc6d2l0aDpjb2xvbnM="},
                           "quay.io": {"username": "q", "password": "qpw"}},
                 "credsStore": "desktop"}""");
        assertThat(CredentialFiles.lookup(List.of(docker), "docker.io")).contains(RegistryAuth.basic("hub", "hubpw"));
        assertThat(CredentialFiles.lookup(List.of(docker), "127.0.0.1:5000")).contains(RegistryAuth.basic("local", "pw:with:colons"));
        assertThat(CredentialFiles.lookup(List.of(docker), "quay.io")).contains(RegistryAuth.basic("q", "qpw"));
        assertThat(CredentialFiles.lookup(List.of(docker, dir.resolve("missing.json")), "ghcr.io")).isEmpty();
    }

    @Test
    void storedCredentialsComeFirstArePrivateAndCanBeErased() throws Exception {
        Path berth = dir.resolve("berth/config.json");
        Path docker = dir.resolve("docker.json");
        Files.writeString(docker, "{\"auths\":{\"localhost:5000\":{\"auth\":\"b2xkOm9sZA==\"}}}");
        CredentialFiles.store(berth, "localhost:5000", RegistryAuth.basic("new", "secret"));
        assertThat(CredentialFiles.lookup(List.of(berth, docker), "localhost:5000")).contains(RegistryAuth.basic("new", "secret"));
        assertThat(Files.getPosixFilePermissions(berth)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(berth)).doesNotContain("secret");
        assertThat(CredentialFiles.erase(berth, "localhost:5000")).isTrue();
        assertThat(CredentialFiles.erase(berth, "localhost:5000")).isFalse();
        assertThat(CredentialFiles.lookup(List.of(berth, docker), "localhost:5000")).contains(RegistryAuth.basic("old", "old"));
    }

    @Test
    void secretsNeverShowInToStringAndBrokenEntriesAreNamed() throws Exception {
        assertThat(RegistryAuth.basic("u", "hunter2").toString()).doesNotContain("hunter2").contains("u");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"auths\":{\"x.io\":{\"auth\":\"not base64!\"}}}");
        assertThatThrownBy(() -> CredentialFiles.lookup(List.of(broken), "x.io")).hasMessageContaining("x.io")
                .hasMessageContaining("base64");
    }
}
