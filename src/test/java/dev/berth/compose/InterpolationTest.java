package dev.berth.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.common.BerthException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpolationTest {
    private static final Map<String, String> VARIABLES = Map.of("SET", "value", "EMPTY", "", "OTHER", "other");
    private final List<String> warnings = new ArrayList<>();
    private final Interpolation interpolation = new Interpolation(name -> Optional.ofNullable(VARIABLES.get(name)), warnings::add);

    @TempDir
    Path dir;

    private String interpolate(String text) {
        return interpolation.text(text);
    }

    @Test
    void substitutesBracedAndUnbracedNames() {
        assertThat(interpolate("a-$SET-b")).isEqualTo("a-value-b");
        assertThat(interpolate("a${SET}b")).isEqualTo("avalueb");
        assertThat(interpolate("$SET$OTHER")).isEqualTo("valueother");
        assertThat(interpolate("$SET_suffix")).as("the name runs as far as name characters go").isEmpty();
        assertThat(interpolate("${SET}_suffix")).isEqualTo("value_suffix");
    }

    @Test
    void unsetVariablesBecomeEmptyWithAWarning() {
        assertThat(interpolate("x${MISSING}y$MISSING2")).isEqualTo("xy");
        assertThat(warnings).containsExactly("The \"MISSING\" variable is not set. Defaulting to a blank string.",
                "The \"MISSING2\" variable is not set. Defaulting to a blank string.");
    }

    @Test
    void defaultsTellEmptyFromUnsetByTheColon() {
        assertThat(interpolate("${MISSING:-d}")).isEqualTo("d");
        assertThat(interpolate("${EMPTY:-d}")).isEqualTo("d");
        assertThat(interpolate("${SET:-d}")).isEqualTo("value");
        assertThat(interpolate("${MISSING-d}")).isEqualTo("d");
        assertThat(interpolate("${EMPTY-d}")).isEmpty();
        assertThat(interpolate("${SET-d}")).isEqualTo("value");
        assertThat(interpolate("${MISSING:-}")).isEmpty();
        assertThat(interpolate("${MISSING:-a b:c}")).isEqualTo("a b:c");
        assertThat(warnings).isEmpty();
    }

    @Test
    void alternativesApplyOnlyWhenSet() {
        assertThat(interpolate("${SET:+alt}")).isEqualTo("alt");
        assertThat(interpolate("${EMPTY:+alt}")).isEmpty();
        assertThat(interpolate("${EMPTY+alt}")).isEqualTo("alt");
        assertThat(interpolate("${MISSING+alt}")).isEmpty();
        assertThat(interpolate("${MISSING:+alt}")).isEmpty();
    }

    @Test
    void requiredVariablesFailWithTheirMessage() {
        assertThat(interpolate("${SET:?must be set}")).isEqualTo("value");
        assertThat(interpolate("${EMPTY?must be set}")).isEmpty();
        assertThatThrownBy(() -> interpolate("${EMPTY:?must not be empty}"))
                .isInstanceOf(BerthException.class).hasMessage("required variable EMPTY is missing a value: must not be empty");
        assertThatThrownBy(() -> interpolate("${MISSING?}")).hasMessage("required variable MISSING is missing a value");
        assertThatThrownBy(() -> interpolate("${MISSING:?set $OTHER first}"))
                .hasMessage("required variable MISSING is missing a value: set other first");
    }

    @Test
    void nestsDefaultsAndEvaluatesOnlyWhatIsUsed() {
        assertThat(interpolate("${MISSING:-${OTHER}}")).isEqualTo("other");
        assertThat(interpolate("${MISSING:-${ALSO_MISSING:-deep}}")).isEqualTo("deep");
        assertThat(interpolate("${MISSING:-pre-${SET}-post}")).isEqualTo("pre-value-post");
        assertThat(interpolate("${SET:-${MISSING:?never evaluated}}")).isEqualTo("value");
        assertThat(interpolate("${MISSING:-$OTHER}")).isEqualTo("other");
        assertThat(interpolate("${MISSING:-{literal}}x")).as("a brace pair inside a default is text").isEqualTo("{literal}x");
    }

    @Test
    void doubleDollarIsALiteralDollar() {
        assertThat(interpolate("$$SET")).isEqualTo("$SET");
        assertThat(interpolate("$${SET}")).isEqualTo("${SET}");
        assertThat(interpolate("a$$$SET")).isEqualTo("a$value");
        assertThat(interpolate("${MISSING:-$$}")).isEqualTo("$");
    }

    @Test
    void aDollarWithoutNameOrBraceStays() {
        assertThat(interpolate("cost: 5$")).isEqualTo("cost: 5$");
        assertThat(interpolate("$1 $- $ x")).isEqualTo("$1 $- $ x");
        assertThat(interpolate("no variables")).isEqualTo("no variables");
    }

    @Test
    void rejectsBadExpressions() {
        assertThatThrownBy(() -> interpolate("${SET")).hasMessageContaining("a ${ is not closed");
        assertThatThrownBy(() -> interpolate("${}")).hasMessageContaining("invalid interpolation format in \"${}\"");
        assertThatThrownBy(() -> interpolate("${1A}")).hasMessageContaining("invalid interpolation format");
        assertThatThrownBy(() -> interpolate("${SET/a/b}")).as("shell pattern substitution is not Compose's")
                .hasMessageContaining("invalid interpolation format");
        assertThatThrownBy(() -> interpolate("${SET:x}")).hasMessageContaining("invalid interpolation format");
    }

    @Test
    void theLoaderWarnsOnceAboutEachUnsetVariable() {
        TestProject project = new TestProject(dir);
        project.service("""
                services:
                  web:
                    image: nginx:${TAG}
                    labels: {a: "${TAG}", b: "${OTHER}"}
                """);
        assertThat(project.warnings).containsExactly("The \"TAG\" variable is not set. Defaulting to a blank string.",
                "The \"OTHER\" variable is not set. Defaulting to a blank string.");
    }

    @Test
    void interpolatesValuesButNotKeys() {
        TestProject project = new TestProject(dir);
        project.environment.put("KEY", "value");
        project.environment.put("IMAGE", "nginx");
        Service web = project.service("""
                services:
                  web:
                    image: ${IMAGE}:latest
                    labels:
                      ${KEY}: $KEY
                    command: ["echo", "$$HOME", "${KEY}"]
                """);
        assertThat(web.image()).isEqualTo("nginx:latest");
        assertThat(web.labels()).containsExactly(Map.entry("${KEY}", "value"));
        assertThat(web.command()).containsExactly("echo", "$HOME", "value");
    }

    @Test
    void interpolatedNumbersAndBooleansAreConvertedByTheirKey() {
        TestProject project = new TestProject(dir);
        project.environment.put("REPLICAS", "4");
        project.environment.put("RO", "true");
        Service web = project.service("""
                services:
                  web:
                    image: nginx
                    volumes:
                      - type: volume
                        target: /data
                        read_only: ${RO}
                    deploy:
                      replicas: ${REPLICAS}
                """);
        assertThat(web.deploy().replicas()).isEqualTo(4);
        assertThat(web.volumes().getFirst().readOnly()).isTrue();
    }

    @Test
    void aMissingRequiredVariableNamesFileKeyAndVariable() {
        TestProject project = new TestProject(dir);
        String message = project.errorOf("""
                services:
                  web:
                    image: nginx:${TAG:?set TAG to the release}
                """);
        assertThat(message).startsWith(dir.resolve("compose.yaml").toString()).contains(": services.web.image: ")
                .endsWith("required variable TAG is missing a value: set TAG to the release");
    }

    @Test
    void errorsInListItemsNameTheIndex() {
        TestProject project = new TestProject(dir);
        assertThat(project.errorOf("""
                services:
                  web:
                    image: nginx
                    command: ["a", "${B"]
                """)).contains("services.web.command[1]: invalid interpolation format in \"${B\"");
    }

    @Test
    void theEnvironmentWinsOverTheDotEnvFile() {
        TestProject project = new TestProject(dir);
        project.write(".env", "TAG=from-dotenv\nONLY_DOTENV=dotenv\nUSES=${TAG}-x\n");
        project.environment.put("TAG", "from-shell");
        Service web = project.service("""
                services:
                  web:
                    image: nginx:${TAG}
                    environment:
                      ONLY: ${ONLY_DOTENV}
                      USES: ${USES}
                """);
        assertThat(web.image()).isEqualTo("nginx:from-shell");
        assertThat(web.environment()).containsEntry("ONLY", "dotenv").containsEntry("USES", "from-shell-x");
    }

    @Test
    void anExplicitEnvFileReplacesTheProjectDotEnv() {
        TestProject project = new TestProject(dir);
        project.write(".env", "TAG=project\n").write("other/vars.env", "TAG=explicit\n");
        project.write("compose.yaml", "services:\n  web:\n    image: nginx:${TAG}\n");
        ComposeProject loaded = ComposeLoader.load(List.of(dir.resolve("compose.yaml")), Map.of(), Optional.of("p"),
                Optional.of(dir.resolve("other/vars.env")));
        assertThat(loaded.services().get("web").image()).isEqualTo("nginx:explicit");
        assertThatThrownBy(() -> ComposeLoader.load(List.of(dir.resolve("compose.yaml")), Map.of(), Optional.of("p"),
                Optional.of(dir.resolve("missing.env")))).hasMessageContaining("missing.env not found");
    }
}
