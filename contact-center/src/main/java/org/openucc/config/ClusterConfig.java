package org.openucc.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Several OpenUCC nodes as one contact center ({@code cluster:}): members find each other over Hazelcast (TCP/IP
 * join, no multicast), one elected node owns the ACD engine and the others reach it through the routing port over
 * the clustered event bus. Off by default: a single node starts exactly as without this section.
 *
 * @param enabled          whether this node joins a cluster (needs a shared PostgreSQL store)
 * @param name             the cluster's name; nodes with another name (or another secret) never join
 * @param nodeId           this node's name in /health, the log and the engine lease (default: host:port)
 * @param host             the address this node's Hazelcast member and event bus bind and advertise
 * @param port             this node's Hazelcast member port
 * @param members          the members' host:port (this node may be among them); at least one
 * @param secretEnv        the environment variable holding the cluster's shared secret (never in the file): nodes
 *                         join only a cluster with the same secret
 * @param failureDetection how long a silent member is given before it counts as dead (1s..60s, default 3s); the
 *                         engine fails over after that
 * @param commandTimeout   how long a node waits for the engine owner's answer to a command (1s..60s, default 10s)
 */
public record ClusterConfig(boolean enabled, String name, String nodeId, String host, int port, List<String> members,
                            String secretEnv, Duration failureDetection, Duration commandTimeout) {
    public static final ClusterConfig DISABLED = new ClusterConfig(false, null, null, null, 0, null, null, null, null);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The smallest secret accepted (characters). */
    public static final int MIN_SECRET = 16;

    public ClusterConfig {
        name = name == null ? "openucc" : name;
        host = host == null ? "127.0.0.1" : host;
        port = port == 0 ? 5701 : port;
        members = members == null ? List.of() : List.copyOf(members);
        secretEnv = secretEnv == null ? "OPENUCC_CLUSTER_SECRET" : secretEnv;
        failureDetection = failureDetection == null ? Duration.ofSeconds(3) : failureDetection;
        commandTimeout = commandTimeout == null ? Duration.ofSeconds(10) : commandTimeout;
        nodeId = nodeId == null ? host + ":" + port : nodeId;
    }

    /** Rules beyond shape, under {@code /cluster}; {@code storeUrl} is the store's JDBC URL (null/empty: embedded H2). */
    public List<ConfigViolation> validate(String storeUrl) {
        List<ConfigViolation> v = new ArrayList<>();
        if (!enabled) {
            return v;
        }
        if (storeUrl == null || storeUrl.isBlank() || !storeUrl.startsWith("jdbc:postgresql:")) {
            v.add(ConfigViolation.at("/cluster/enabled", "a cluster needs a shared PostgreSQL store: set store.jdbcUrl"
                    + " to a jdbc:postgresql: URL every node uses (the embedded H2 belongs to one node)"));
        }
        if (!NAME.matcher(name).matches()) {
            v.add(ConfigViolation.at("/cluster/name", "'" + name + "' is not a cluster name (letters, digits, . _ : -)"));
        }
        if (!NAME.matcher(nodeId).matches()) {
            v.add(ConfigViolation.at("/cluster/nodeId", "'" + nodeId + "' is not a node id (letters, digits, . _ : -)"));
        }
        if (port < 1 || port > 65535) {
            v.add(ConfigViolation.at("/cluster/port", "port must be 1..65535, not " + port));
        }
        if (members.isEmpty()) {
            v.add(ConfigViolation.at("/cluster/members", "list the members as host:port (at least this node)"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            String m = members.get(i);
            if (!validMember(m)) {
                v.add(ConfigViolation.at("/cluster/members/" + i, "'" + m + "' is not host:port (port 1..65535)"));
            } else if (!seen.add(m)) {
                v.add(ConfigViolation.at("/cluster/members/" + i, "'" + m + "' is listed twice"));
            }
        }
        if (!ENV_NAME.matcher(secretEnv).matches()) {
            v.add(ConfigViolation.at("/cluster/secretEnv", "'" + secretEnv + "' is not an environment variable name"));
        }
        if (failureDetection.compareTo(Duration.ofSeconds(1)) < 0 || failureDetection.compareTo(Duration.ofSeconds(60)) > 0) {
            v.add(ConfigViolation.at("/cluster/failureDetection", "failureDetection must be 1s..60s, not "
                    + DurationFormat.format(failureDetection)));
        }
        if (commandTimeout.compareTo(Duration.ofSeconds(1)) < 0 || commandTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            v.add(ConfigViolation.at("/cluster/commandTimeout", "commandTimeout must be 1s..60s, not "
                    + DurationFormat.format(commandTimeout)));
        }
        return List.copyOf(v);
    }

    static boolean validMember(String m) {
        if (m == null) {
            return false;
        }
        int colon = m.lastIndexOf(':');
        if (colon <= 0 || colon == m.length() - 1) {
            return false;
        }
        try {
            int p = Integer.parseInt(m.substring(colon + 1));
            return p >= 1 && p <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
