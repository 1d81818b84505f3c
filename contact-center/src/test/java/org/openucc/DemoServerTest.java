package org.openucc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.ServerConfig;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.interaction.Channel;
import org.openucc.routing.NewInteraction;
import org.openucc.routing.RoutingCommand;

/** The shipped demo configuration boots a server whose ACD holds the demo queues and agents and routes. */
class DemoServerTest {
    @TempDir
    Path dataDir;

    /** The demo SIP section on a free port, prompts found from the module directory. */
    static org.openucc.config.SipConfig onFreePort(org.openucc.config.SipConfig s) {
        return TestConfigs.sipOnFreePort(s);
    }

    @Test
    void demoConfigLoadsIntoTheRunningAcdAndHealthShowsIt() throws Exception {
        ContactCenterConfig demo = new ConfigLoader().load(Path.of("../config/contact-center.yaml"));
        // Calendars open around the clock: the test routes a call whatever time it runs.
        ContactCenterConfig config = new ContactCenterConfig(new ServerConfig("127.0.0.1", 0, dataDir.toString()),
                demo.routing(), demo.skills(), demo.queues(), demo.agents(), demo.reasonCodes(), demo.dispositions(),
                TestConfigs.alwaysOpen(demo).businessHours()).withStore(new org.openucc.config.StoreConfig(null, null, null, 0, null, true, 200, 0, 0, 8))
                .withSip(onFreePort(demo.sip()));
        ContactCenter cc = new ContactCenter(config);
        cc.start();
        try {
            String agent = demo.agents().get(0).id();
            String queue = demo.queues().stream()
                    .filter(q -> q.channels().contains(Channel.VOICE)
                            && q.skills().entrySet().stream().allMatch(s -> demo.agents().get(0).skills().getOrDefault(s.getKey(), 0) >= s.getValue()))
                    .findFirst().orElseThrow().id();
            cc.routing().send(new RoutingCommand.Login(agent, true)).join();
            // What the SIP registrar reports when the agent's phone registers.
            cc.routing().send(new RoutingCommand.PhoneReachable(agent, true)).join();
            cc.routing().send(new RoutingCommand.Arrive(NewInteraction.of("demo-1", Channel.VOICE, queue))).join();
            var view = cc.routing().send(new RoutingCommand.GetInteraction("demo-1")).join().orElseThrow();
            assertThat(view.offeredTo()).isNotEmpty();

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cc.http().port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            var routing = (Map<?, ?>) new com.fasterxml.jackson.databind.ObjectMapper().readValue(health.body(), Map.class)
                    .get("components");
            Map<?, ?> r = (Map<?, ?>) routing.get("routing");
            assertThat(r.get("status")).isEqualTo("UP");
            assertThat(r.get("queues")).isEqualTo(demo.queues().size());
            assertThat(r.get("agents")).isEqualTo(demo.agents().size());
            Map<?, ?> store = (Map<?, ?>) routing.get("store");
            assertThat(store.get("status")).isEqualTo("UP");
            // The routing events of the demo call reach the durable interaction log.
            cc.store().interactionLog().flush().join();
            assertThat(cc.store().interactionLog().timeline("demo-1")).isNotEmpty();
            assertThat(cc.store().customers().count()).isGreaterThanOrEqualTo(200);
        } finally {
            cc.stop();
        }
    }
}
