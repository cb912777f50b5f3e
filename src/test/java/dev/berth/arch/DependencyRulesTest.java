package dev.berth.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The one-way dependencies of docs/architecture.md: common ← {image, runtime, network} ← {engine, build} ← api ←
 * daemon, and client ← cli. Capabilities talk through API packages, never through another capability's implementation.
 */
class DependencyRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.berth");

    @Test
    void commonDependsOnNoCapability() {
        noClasses().that().resideInAPackage("dev.berth.common..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.image..", "dev.berth.runtime..",
                        "dev.berth.network..", "dev.berth.engine..", "dev.berth.build..", "dev.berth.api..", "dev.berth.daemon..",
                        "dev.berth.client..", "dev.berth.cli..", "dev.berth.compose..")
                .check(MAIN);
    }

    @Test
    void composeIsAPureModelOnCommon() {
        noClasses().that().resideInAPackage("dev.berth.compose..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.image..", "dev.berth.runtime..", "dev.berth.network..",
                        "dev.berth.engine..", "dev.berth.build..", "dev.berth.orchestrate..", "dev.berth.api..", "dev.berth.daemon..",
                        "dev.berth.client..", "dev.berth.cli..")
                .check(MAIN);
    }

    @Test
    void runtimeNeverSeesImages() {
        noClasses().that().resideInAPackage("dev.berth.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.image..", "dev.berth.engine..", "dev.berth.api..",
                        "dev.berth.daemon..")
                .check(MAIN);
    }

    @Test
    void runtimeImplementationsShareOnlyTheApiAndTheLogFormat() {
        noClasses().that().resideInAPackage("dev.berth.runtime.qemu..")
                .should().dependOnClassesThat().resideInAPackage("dev.berth.runtime.runc..")
                .check(MAIN);
        noClasses().that().resideInAPackage("dev.berth.runtime.runc..")
                .should().dependOnClassesThat().resideInAPackage("dev.berth.runtime.qemu..")
                .check(MAIN);
    }

    @Test
    void imagesNeverSeeTheRuntime() {
        noClasses().that().resideInAPackage("dev.berth.image..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.runtime..", "dev.berth.engine..", "dev.berth.api..",
                        "dev.berth.daemon..")
                .check(MAIN);
    }

    @Test
    void networksSeeNeitherImagesNorTheRuntime() {
        noClasses().that().resideInAPackage("dev.berth.network..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.image..", "dev.berth.runtime..", "dev.berth.engine..",
                        "dev.berth.api..", "dev.berth.daemon..")
                .check(MAIN);
    }

    @Test
    void engineAndApiUseOnlyCapabilityApis() {
        noClasses().that().resideInAnyPackage("dev.berth.engine..", "dev.berth.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.image.*..", "dev.berth.runtime.*..",
                        "dev.berth.network.*..")
                .check(MAIN);
        noClasses().that().resideInAPackage("dev.berth.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.api..", "dev.berth.daemon..")
                .check(MAIN);
    }

    @Test
    void theBuilderUsesOnlyCapabilityApis() {
        noClasses().that().resideInAPackage("dev.berth.build..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.image.*..", "dev.berth.runtime.*..",
                        "dev.berth.network.*..", "dev.berth.engine..", "dev.berth.api..", "dev.berth.daemon..", "dev.berth.client..",
                        "dev.berth.cli..")
                .check(MAIN);
        noClasses().that().resideInAnyPackage("dev.berth.common..", "dev.berth.image..", "dev.berth.runtime..",
                        "dev.berth.network..", "dev.berth.engine..", "dev.berth.client..", "dev.berth.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.berth.build..")
                .check(MAIN);
    }

    @Test
    void theLoadBalancerNeedsOnlyCommonAndTheJdk() {
        classes().that().resideInAPackage("dev.berth.orchestrate.balancer..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.berth.orchestrate.balancer..", "dev.berth.common..",
                        "java..")
                .check(MAIN);
    }

    @Test
    void onlyTheDaemonNamesImplementations() {
        noClasses().that().resideInAPackage("dev.berth.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.daemon..", "dev.berth.cli..", "dev.berth.client..")
                .check(MAIN);
    }

    @Test
    void theOrchestratorUsesOnlyCapabilityApisAndOnlyTheApiUsesIt() {
        noClasses().that().resideInAPackage("dev.berth.orchestrate..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.image.*..", "dev.berth.runtime.*..",
                        "dev.berth.network.*..", "dev.berth.build..", "dev.berth.api..", "dev.berth.daemon..", "dev.berth.client..",
                        "dev.berth.cli..")
                .check(MAIN);
        noClasses().that().resideInAnyPackage("dev.berth.common..", "dev.berth.compose..", "dev.berth.image..", "dev.berth.runtime..",
                        "dev.berth.network..", "dev.berth.engine..", "dev.berth.build..", "dev.berth.client..", "dev.berth.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.berth.orchestrate..")
                .check(MAIN);
    }

    @Test
    void theCliSpeaksOnlyThroughTheClient() {
        noClasses().that().resideInAnyPackage("dev.berth.cli..", "dev.berth.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.image..", "dev.berth.runtime..",
                        "dev.berth.network..", "dev.berth.engine..", "dev.berth.api..", "dev.berth.daemon..")
                .check(MAIN);
    }
}
