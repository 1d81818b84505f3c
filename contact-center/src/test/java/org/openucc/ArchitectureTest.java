package org.openucc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Ports inside, adapters at the edge: the domain (interactions, routing, the config records) uses no
 * I/O library, so it can be tested and benchmarked without a network, and an adapter can be replaced
 * without touching it. Adapters depend on the domain, never the other way round.
 */
@AnalyzeClasses(packages = "org.openucc", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** {@code org.openucc.config} is the records package only; its loader is an adapter (Jackson). */
    private static final String[] DOMAIN = {"org.openucc.interaction..", "org.openucc.routing..", "org.openucc.config"};
    private static final String[] IO_LIBRARIES = {"io.vertx..", "io.netty..", "com.fasterxml..", "javax.sip..",
        "gov.nist..", "org.asteriskjava..", "java.sql..", "javax.sql..", "com.hazelcast..", "jakarta.mail.."};

    @ArchTest
    static final ArchRule domainUsesNoIoLibrary = noIoLibraryIn(DOMAIN);

    @ArchTest
    static final ArchRule domainDoesNotKnowItsAdapters = noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage("org.openucc.http..", "org.openucc.config.loader..")
            .because("adapters depend on the domain, never the other way round");

    /** Guards the guard: the same rule applied to an adapter must fail, or it checks nothing. */
    @Test
    void theRuleCatchesJacksonWhereItIsUsed() {
        var loader = new ClassFileImporter().importPackages("org.openucc.config.loader");

        assertThatThrownBy(() -> noIoLibraryIn("org.openucc.config.loader").check(loader))
                .isInstanceOf(AssertionError.class).hasMessageContaining("com.fasterxml.jackson");
    }

    private static ArchRule noIoLibraryIn(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().resideInAnyPackage(IO_LIBRARIES)
                .because("the domain is plain Java; I/O lives in adapters (CONVENTIONS.md, architecture habit 1)");
    }
}
