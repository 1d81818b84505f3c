/**
 * OpenUCC as a cluster (issue 15): one node owns the ACD engine and the others reach it through the
 * {@link org.openucc.routing.RoutingPort} over the clustered event bus. {@link org.openucc.cluster.RoutingWire}
 * is the wire format of that port: commands, their answers, routing events and failures as compact JSON
 * bytes, with the records' simple names as type ids.
 *
 * <p>An adapter: it may use the domain ({@code routing}, {@code config}, {@code interaction}), {@code json}
 * and {@code fault}; nothing but the composition root depends on it. {@code RoutingWire} itself is plain
 * Jackson (no Vert.x, no Hazelcast), so the format is tested without a network.
 */
package org.openucc.cluster;
