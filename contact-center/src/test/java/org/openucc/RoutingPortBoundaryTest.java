package org.openucc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.function.Consumer;
import java.util.function.Function;
import org.openucc.routing.RoutingEngine;
import org.openucc.routing.RoutingService;

/**
 * Outside {@code routing}, the ACD is reached through {@code RoutingPort} commands (CONVENTIONS.md
 * habit 8), and services report failures in domain terms, not HTTP (habit 10).
 */
@AnalyzeClasses(packages = "org.openucc", importOptions = ImportOption.DoNotIncludeTests.class)
class RoutingPortBoundaryTest {
    /** voice, callback and telephony still pass lambdas; they move to the port after their rewrite. */
    private static final String[] NOT_YET_MIGRATED = {"org.openucc.routing..", "org.openucc.voice..",
        "org.openucc.callback..", "org.openucc.telephony.."};

    @ArchTest
    static final ArchRule theAcdIsReachedThroughThePort = noClasses().that().resideOutsideOfPackages(NOT_YET_MIGRATED)
            .should().callMethod(RoutingService.class, "call", Function.class)
            .orShould().callMethod(RoutingService.class, "run", Consumer.class)
            // The engine's nested answer types (EngineStats, CustomerLeftResult) are values, fine to use.
            .orShould().accessClassesThat().haveFullyQualifiedName(RoutingEngine.class.getName())
            .because("commands are records that can cross a thread, a process or a cluster; lambdas cannot");

    @ArchTest
    static final ArchRule servicesDoNotKnowHttp = noClasses().that()
            .resideInAnyPackage("org.openucc.intake..", "org.openucc.fault..", "org.openucc.email..")
            .or().belongToAnyOf(org.openucc.chat.ChatService.class)
            .should().dependOnClassesThat().resideInAnyPackage("org.openucc.http..", "org.openucc.api..")
            .because("services throw domain exceptions; only http/api map them to status codes");

    @ArchTest
    static final ArchRule onlyTheCompositionRootKnowsTheRestApi = noClasses().that()
            .resideOutsideOfPackages("org.openucc.api..", "org.openucc")
            .should().dependOnClassesThat().resideInAnyPackage("org.openucc.api..")
            .because("the REST API is an adapter: the domain and the channels do not depend on it");
}
