package org.openucc.telephony.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.header.ContactHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openucc.routing.AgentState;

class SipRegistrarTest {
    SipRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new SipRig();
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void phoneWithTheRightPasswordRegistersAfterADigestChallenge() throws Exception {
        List<String> changes = new CopyOnWriteArrayList<>();
        rig.telephony.onAgentReachability((agent, up) -> changes.add(agent + "=" + up));
        TestPhone ann = rig.phone("ann");
        Response ok = ann.register("secret-ann", 600);
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(((ContactHeader) ok.getHeader(ContactHeader.NAME)).getExpires()).isBetween(598, 600);
        assertThat(rig.telephony.isReachable("ann")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> changes.contains("ann=true"));
    }

    @Test
    void wrongPasswordIsForbiddenAndLeavesThePhoneUnreachable() throws Exception {
        TestPhone ann = rig.phone("ann");
        Response r = ann.register("guess", 600);
        assertThat(r.getStatusCode()).isEqualTo(403);
        // The reason is not told (an unknown user gets the very same reply: SipDoorLimitsTest).
        assertThat(r.getReasonPhrase()).isEqualTo("Forbidden");
        assertThat(rig.telephony.isReachable("ann")).isFalse();
    }

    @Test
    void unknownUserIsForbidden() throws Exception {
        TestPhone eve = rig.phone("eve");
        assertThat(eve.register("secret-eve", 600).getStatusCode()).isEqualTo(403);
    }

    @Test
    void registrationExpiresAndTheAgentStaysReadyButIsNoLongerReachableForCalls() throws Exception {
        TestPhone ann = rig.phone("ann");
        assertThat(ann.register("secret-ann", 1).getStatusCode()).isEqualTo(200);
        rig.routing.send(new org.openucc.routing.RoutingCommand.Login("ann", true)).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(5)).until(() -> !rig.telephony.isReachable("ann"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var view = rig.routing.send(new org.openucc.routing.RoutingCommand.GetAgent("ann")).toCompletableFuture().join();
            assertThat(view.phoneReachable()).isFalse();
            assertThat(view.state()).isEqualTo(AgentState.READY); // still there for chats and emails
        });
        // Registering again makes calls reach the agent again.
        assertThat(ann.register("secret-ann", 600).getStatusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                rig.routing.send(new org.openucc.routing.RoutingCommand.GetAgent("ann")).toCompletableFuture().join().phoneReachable());
    }

    @Test
    void expiresZeroUnregisters() throws Exception {
        TestPhone bob = rig.phone("bob");
        assertThat(bob.register("secret-bob", 600).getStatusCode()).isEqualTo(200);
        assertThat(rig.telephony.isReachable("bob")).isTrue();
        assertThat(bob.register("secret-bob", 0).getStatusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> !rig.telephony.isReachable("bob"));
    }
}
