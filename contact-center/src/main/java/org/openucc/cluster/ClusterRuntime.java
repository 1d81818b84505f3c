package org.openucc.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openucc.config.ClusterConfig;

/**
 * This node's place in the cluster: a Hazelcast member (TCP/IP join to the configured members, no multicast) under
 * Vert.x's cluster manager, and the clustered Vert.x every adapter of the node shares (its event bus carries the
 * engine's events to every node; the routing port's commands take a connection of their own, see
 * {@link ClusterRoutingPort}).
 *
 * <p>The shared secret: Hazelcast's open-source edition has no member authentication, so the secret is folded
 * into the cluster name members compare when they join (a SHA-256 of name and secret): a node with another secret
 * forms a cluster of its own and never sees this one's data or events. It is not encryption; keep the members'
 * ports on a private network.
 */
public final class ClusterRuntime {
    /** The member attribute carrying the node's configured id. */
    static final String NODE_ATTRIBUTE = "openucc.node";
    private static final long JOIN_TIMEOUT_SECONDS = 60;

    private final ClusterConfig config;
    private final HazelcastClusterManager manager;
    private final Vertx vertx;
    /** The routing port's door key, derived from the secret (see {@link PortFrames}). */
    private final byte[] portKey;

    private ClusterRuntime(ClusterConfig config, HazelcastClusterManager manager, Vertx vertx, byte[] portKey) {
        this.config = config;
        this.manager = manager;
        this.vertx = vertx;
        this.portKey = portKey;
    }

    /**
     * Joins (or forms) the cluster and returns once this node is a member with a clustered Vert.x.
     *
     * @param env where the secret's environment variable is read
     * @throws IllegalStateException without a secret (too short) or when the join fails
     */
    public static ClusterRuntime join(ClusterConfig config, Function<String, String> env) {
        String secret = env.apply(config.secretEnv());
        if (secret == null || secret.length() < ClusterConfig.MIN_SECRET) {
            throw new IllegalStateException("cluster.enabled needs the shared secret in the environment variable "
                    + config.secretEnv() + " (at least " + ClusterConfig.MIN_SECRET + " characters, the same on every node)");
        }
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(config, secret));
        VertxOptions options = new VertxOptions();
        // Small messages both ways (a command, its answer, the engine's events): never held back by Nagle's algorithm
        // (Vert.x's default, stated here because the routing port's latency depends on it).
        options.getEventBusOptions().setHost(config.host()).setPort(0).setClusterPublicHost(config.host())
                .setTcpNoDelay(true);
        try {
            Vertx vertx = Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                    .await(JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new ClusterRuntime(config, manager, vertx, PortFrames.key(secret));
        } catch (Exception e) {
            throw new IllegalStateException("could not join the cluster '" + config.name() + "' at " + config.members()
                    + ": " + e.getMessage(), e);
        }
    }

    static Config hazelcast(ClusterConfig c, String secret) {
        Config hz = ConfigUtil.loadConfig();
        hz.setClusterName(clusterName(c.name(), secret));
        hz.setInstanceName("openucc-" + c.nodeId().replace(':', '-'));
        hz.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, c.nodeId());
        hz.getNetworkConfig().setPort(c.port()).setPortAutoIncrement(false).setPublicAddress(c.host() + ":" + c.port());
        hz.getNetworkConfig().getInterfaces().setEnabled(true).setInterfaces(List.of(c.host()));
        JoinConfig join = hz.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(c.members()));
        hz.addMapConfig(new com.hazelcast.config.MapConfig(HazelcastSipBindings.MAP)
                .setBackupCount(HazelcastSipBindings.BACKUPS));
        long detect = Math.max(1, c.failureDetection().toSeconds());
        hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        hz.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(detect));
        hz.setProperty("hazelcast.heartbeat.failuredetector.type", "deadline");
        hz.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        hz.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        hz.setProperty("hazelcast.wait.seconds.before.join", "1");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false"); // the server's own shutdown hook leaves in order
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.logging.type", "slf4j");
        return hz;
    }

    /** The name members compare: the configured name and a digest of the secret (the secret itself never travels). */
    static String clusterName(String name, String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((name + "\u0000" + secret).getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Vertx vertx() {
        return vertx;
    }

    public ClusterConfig config() {
        return config;
    }

    byte[] portKey() {
        return portKey.clone();
    }

    HazelcastInstance hazelcast() {
        return manager.getHazelcastInstance();
    }

    /** The node ids of the live members, oldest first (Hazelcast's member list order). */
    public List<String> members() {
        List<String> out = new ArrayList<>();
        for (Member m : hazelcast().getCluster().getMembers()) {
            String id = m.getAttribute(NODE_ATTRIBUTE);
            out.add(id == null ? m.getAddress().toString() : id);
        }
        return out;
    }
}
