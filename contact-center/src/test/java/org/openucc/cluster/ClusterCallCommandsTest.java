package org.openucc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openucc.config.ClusterConfig;
import org.openucc.cti.CallCommands;
import org.openucc.fault.UnavailableException;
import org.openucc.routing.RoutingException;

/**
 * Two nodes in one JVM over a real Hazelcast cluster and clustered event bus: a console command for a call the
 * other node carries runs there, with the asker's agent id checked there; a call no node carries gets this node's
 * 409; a node that does not answer gives 503 with a retry hint. (The calls themselves are a small stand-in for the
 * voice flow here; ClusterFailoverTest hangs up a real SIP call through another node.)
 */
class ClusterCallCommandsTest {
    private static final String SECRET = "call-commands-test-secret-0123456789";

    /** A node's calls: interaction id to the agent on it; like the voice flow, another agent gets a CONFLICT. */
    private static final class NodeCalls implements CallCommands {
        final String node;
        final Map<String, String> calls;
        final List<String> done = new CopyOnWriteArrayList<>();

        NodeCalls(String node, Map<String, String> calls) {
            this.node = node;
            this.calls = calls;
        }

        private CompletionStage<Void> run(String op, String interactionId, String agentId) {
            String agent = calls.get(interactionId);
            if (agent == null) {
                return CompletableFuture.failedFuture(new RoutingException(RoutingException.Kind.CONFLICT,
                        "interaction " + interactionId + " has no connected call on " + node));
            }
            if (!agent.equals(agentId)) {
                return CompletableFuture.failedFuture(new RoutingException(RoutingException.Kind.CONFLICT,
                        "the call of interaction " + interactionId + " is connected to agent " + agent + ", not "
                                + agentId));
            }
            done.add(op + " " + interactionId + " by " + agentId);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> hold(String interactionId, String agentId) {
            return run("hold", interactionId, agentId);
        }

        @Override
        public CompletionStage<Void> resume(String interactionId, String agentId) {
            return run("resume", interactionId, agentId);
        }

        @Override
        public CompletionStage<Void> transfer(String interactionId, String agentId, String destination) {
            return run("transfer to " + destination, interactionId, agentId);
        }

        @Override
        public CompletionStage<Void> hangup(String interactionId, String agentId) {
            return run("hangup", interactionId, agentId);
        }

        @Override
        public CompletionStage<Void> sendDtmf(String interactionId, String agentId, String digits) {
            return run("dtmf " + digits, interactionId, agentId);
        }
    }

    @Test
    void aCommandReachesTheNodeThatCarriesTheCall() throws Exception {
        int[] hz = ClusterTestConfig.freePorts(2);
        List<String> members = List.of("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1]);
        ClusterRuntime r1 = join("node1", hz[0], members);
        ClusterRuntime r2 = join("node2", hz[1], members);
        try {
            NodeCalls calls1 = new NodeCalls("node1", Map.of());
            NodeCalls calls2 = new NodeCalls("node2", Map.of("i-2", "carol"));
            ClusterCallCommands node1 = new ClusterCallCommands(r1, Duration.ofSeconds(1), calls1,
                    calls1.calls::containsKey);
            ClusterCallCommands node2 = new ClusterCallCommands(r2, Duration.ofSeconds(1), calls2,
                    calls2.calls::containsKey);
            node1.serve();
            node2.serve();
            await().atMost(Duration.ofSeconds(30)).until(() -> r1.members().size() == 2);
            assertThat(r1.members()).containsExactlyInAnyOrder("node1", "node2");

            // Carol's console on node 1, her call on node 2: it runs there.
            node1.hangup("i-2", "carol").toCompletableFuture().get(10, TimeUnit.SECONDS);
            node1.transfer("i-2", "carol", "+15550100").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(calls2.done).containsExactly("hangup i-2 by carol", "transfer to +15550100 i-2 by carol");
            assertThat(calls1.done).isEmpty();

            // Node 2 checks who asks: another agent's command is refused there, and the 409 keeps its meaning.
            Throwable notHers = failure(node1.hold("i-2", "dave"));
            assertThat(notHers).isInstanceOf(RoutingException.class).hasMessageContaining("agent carol, not dave");
            assertThat(((RoutingException) notHers).kind()).isEqualTo(RoutingException.Kind.CONFLICT);

            // No node carries it: this node's own 409.
            Throwable nowhere = failure(node1.hangup("i-9", "carol"));
            assertThat(nowhere).isInstanceOf(RoutingException.class)
                    .hasMessage("interaction i-9 has no connected call on node1");

            // A call this node carries runs here, as on a single node.
            node2.resume("i-2", "carol").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(calls2.done).last().isEqualTo("resume i-2 by carol");

            // Node 2 stops serving but is still a member: no answer in time, 503 with a retry hint.
            node2.close();
            Throwable silent = failure(node1.hangup("i-2", "carol"));
            assertThat(silent).isInstanceOf(UnavailableException.class).hasMessageContaining("node2");
            assertThat(((UnavailableException) silent).retryAfterSeconds()).contains(2L);
            assertThat(calls2.done).hasSize(3);
            node1.close();
        } finally {
            r2.vertx().close().await(30, TimeUnit.SECONDS);
            r1.vertx().close().await(30, TimeUnit.SECONDS);
        }
    }

    private static Throwable failure(CompletionStage<?> stage) {
        Throwable t = catchThrowable(() -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        return t.getCause();
    }

    private static ClusterRuntime join(String nodeId, int port, List<String> members) {
        return ClusterRuntime.join(new ClusterConfig(true, "call-commands-test", nodeId, "127.0.0.1", port, members,
                null, Duration.ofSeconds(3), Duration.ofSeconds(1)), name -> "OPENUCC_CLUSTER_SECRET".equals(name)
                ? SECRET : null);
    }

}
