package dev.switchboard.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** DESIGN.md §2 as executable rules: who may depend on whom. */
class LayeringTest {
    static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.switchboard");

    @Test
    void coreIsPureJava() {
        noClasses().that().resideInAPackage("dev.switchboard.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.switchboard.core..", "java..")
                .check(CLASSES);
    }

    @Test
    void coreDoesNoIo() {
        noClasses().that().resideInAPackage("dev.switchboard.core..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("do I/O",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("java.io")
                                || c.getPackageName().startsWith("java.nio") && !c.getPackageName().equals("java.nio.charset")
                                || c.getPackageName().startsWith("java.sql")
                                // URL encoding is a pure function; sockets and HTTP are not
                                || c.getPackageName().equals("java.net") && !c.getSimpleName().startsWith("URLEncoder")))
                .check(CLASSES);
    }

    @Test
    void providersDependOnCoreOnlyAndNotOnEachOther() {
        noClasses().that().resideInAPackage("dev.switchboard.providers..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.engine..", "dev.switchboard.server..",
                        "dev.switchboard.store..", "dev.switchboard.cli..", "dev.switchboard.app..")
                .check(CLASSES);
        SlicesRuleDefinition.slices().matching("dev.switchboard.providers.(*)..").should().notDependOnEachOther().check(CLASSES);
    }

    @Test
    void engineKnowsNoServerStoreOrProviderImplementation() {
        noClasses().that().resideInAPackage("dev.switchboard.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.server..", "dev.switchboard.store..",
                        "dev.switchboard.providers..", "dev.switchboard.cli..", "io.javalin..", "org.jdbi..")
                .check(CLASSES);
    }

    @Test
    void storeDependsOnCoreOnly() {
        noClasses().that().resideInAPackage("dev.switchboard.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.engine..", "dev.switchboard.server..",
                        "dev.switchboard.providers..", "dev.switchboard.cli..")
                .check(CLASSES);
    }

    @Test
    void cliTalksHttpOnly() {
        noClasses().that().resideInAPackage("dev.switchboard.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.core..", "dev.switchboard.engine..",
                        "dev.switchboard.server..", "dev.switchboard.store..", "dev.switchboard.providers..")
                .check(CLASSES);
    }

    @Test
    void onlyEntryPointsReadTheEnvironment() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.switchboard.app.Main")
                .and().doNotHaveFullyQualifiedName("dev.switchboard.cli.CliMain")
                .and().doNotHaveFullyQualifiedName("dev.switchboard.examples.health.HealthApp")
                .should().callMethod(System.class, "getenv").orShould().callMethod(System.class, "getenv", String.class)
                .check(CLASSES);
    }
}
