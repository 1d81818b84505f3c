package org.openucc.outbound.pacing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Pacing is plain Java that a runtime and a simulator drive alike: no I/O, no threads, no wall clock. */
@AnalyzeClasses(packages = "org.openucc.outbound.pacing", importOptions = ImportOption.DoNotIncludeTests.class)
class PacingArchitectureTest {
    @ArchTest
    static final ArchRule onlyTheJdksPlainParts = classes().that().resideInAPackage("org.openucc.outbound.pacing")
            .should().onlyDependOnClassesThat().resideInAnyPackage("org.openucc.outbound.pacing", "java.lang..",
                    "java.time..", "java.util")
            .because("pacing is driven by the campaign runtime and by the simulator over the same code");

    @ArchTest
    static final ArchRule noWallClockNorThreads = noClasses().that().resideInAPackage("org.openucc.outbound.pacing")
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(java.time.Instant.class, "now")
            .orShould().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..", "java.lang.Thread")
            .because("time comes from the injected InstantSource; the campaign's owner thread calls in");
}
