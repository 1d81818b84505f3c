package org.openucc.outbound;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Campaigns are domain: no JDBC, no HTTP, no Vert.x; the store and the API depend on them, not the reverse. */
class OutboundArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.openucc");

    @Test
    void campaignsDependOnNoDatabaseNorHttp() {
        noClasses().that().resideInAPackage("org.openucc.outbound")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "com.zaxxer..",
                        "org.flywaydb..", "org.h2..", "org.postgresql..", "io.vertx..", "org.openucc.store..",
                        "org.openucc.api..", "org.openucc.http..")
                .check(classes);
    }
}
