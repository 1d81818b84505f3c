package org.openucc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Guard rails between the server's packages: the channels and the IVR never reach into the HTTP
 * edge, the top-level packages form no cycle, and only routing itself touches the ACD engine's
 * objects (everyone else talks to it through the routing port). See CONVENTIONS.md, architecture
 * habits 1, 6 and 8, and each package's {@code package-info.java}.
 */
@AnalyzeClasses(packages = "org.openucc", importOptions = ImportOption.DoNotIncludeTests.class)
class GuardRailsTest {
    @ArchTest
    static final ArchRule channelsDoNotDependOnTheHttpEdge = noClasses().that()
            .resideInAnyPackage("org.openucc.voice..", "org.openucc.ivr..", "org.openucc.chat..",
                    "org.openucc.cti..", "org.openucc.channels..", "org.openucc.email..", "org.openucc.callback..")
            .should().dependOnClassesThat().resideInAnyPackage("org.openucc.api..", "org.openucc.http..")
            .because("the REST API and the HTTP server are an edge over the channels, never below them"
                    + " (protocol stays at its edge, habit 10)");

    @ArchTest
    static final ArchRule topLevelPackagesAreFreeOfCycles = slices().matching("org.openucc.(*)..")
            .namingSlices("$1")
            .should().beFreeOfCycles()
            .because("each package is a concept that can be read, tested and replaced on its own");

    @ArchTest
    static final ArchRule onlyRoutingTouchesTheEngine = noClasses().that()
            .resideOutsideOfPackage("org.openucc.routing..")
            .and().doNotHaveFullyQualifiedName(RoutingComponent.class.getName())
            .should().dependOnClassesThat().belongToAnyOf(org.openucc.routing.RoutingEngine.class)
            .because("other packages talk to the ACD engine through the routing port's commands and events,"
                    + " never through its objects (habit 8)");

    @ArchTest
    static final ArchRule callControlPortAssumesNoLocalFiles = noClasses().that()
            .resideInAPackage("org.openucc.telephony")
            .should().dependOnClassesThat().resideInAPackage("java.nio.file..")
            .because("the call control port names prompts and recordings; each adapter decides where they are"
                    + " (a local WAV file on the built-in stack, a sound or MixMonitor file on Asterisk)");
}
