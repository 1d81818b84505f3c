package org.openucc.cti;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Who may touch what: users, sessions and live statistics are plain Java (no Vert.x, no JDBC), so they
 * are tested on a manual clock; the API and the CTI bridge reach the database only through the store's
 * ports, never with JDBC of their own.
 */
@AnalyzeClasses(packages = "org.openucc", importOptions = ImportOption.DoNotIncludeTests.class)
class AdapterBoundariesTest {
    @ArchTest
    static final ArchRule authAndStatsArePlainJava = noClasses().that()
            .resideInAnyPackage("org.openucc.auth..", "org.openucc.stats..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "java.sql..", "javax.sql..")
            .because("sessions, throttling and statistics are tested without a network or a database");

    @ArchTest
    static final ArchRule apiAndCtiUseNoJdbc = noClasses().that()
            .resideInAnyPackage("org.openucc.api..", "org.openucc.cti..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
            .because("the store's ports (crm, log) are the only way to the database");
}
