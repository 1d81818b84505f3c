package org.openucc.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The CRM model and the interaction log are domain: no JDBC, no pool, no migrations, no adapters. */
class StoreArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.openucc");

    @Test
    void crmAndLogDependOnNoDatabaseLibrary() {
        noClasses().that().resideInAnyPackage("org.openucc.crm..", "org.openucc.log..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "com.zaxxer..",
                        "org.flywaydb..", "org.h2..", "org.postgresql..", "io.vertx..", "org.openucc.store..")
                .check(classes);
    }

    @Test
    void theRoutingEngineDoesNotKnowTheStore() {
        noClasses().that().resideInAnyPackage("org.openucc.routing..", "org.openucc.interaction..")
                .should().dependOnClassesThat().resideInAnyPackage("org.openucc.store..", "org.openucc.crm..",
                        "org.openucc.log..")
                .check(classes);
    }
}
