/**
 * OpenUCC as a cluster (issue 15): one node owns the ACD engine and the others reach it through the
 * {@link org.openucc.routing.RoutingPort}: commands and answers on each node's own authenticated connection to the
 * owner's door ({@code PortDoor}, {@code PortLink}), events over the clustered event bus. {@link org.openucc.cluster.RoutingWire}
 * is the wire format of that port: commands, their answers, routing events and failures as compact JSON
 * bytes, with the records' simple names as type ids. {@link org.openucc.cluster.ClusterSingletons} runs what the
 * contact center must run once (mailbox watcher, callbacks, campaign dialer: {@link org.openucc.Singletons}) on the
 * engine's owner and carries the other nodes' requests for them to it.
 *
 * <p>An adapter: it may use the domain ({@code routing}, {@code config}, {@code interaction}), {@code json}
 * and {@code fault}; nothing but the composition root depends on it. {@code RoutingWire} itself is plain
 * Jackson (no Vert.x, no Hazelcast), so the format is tested without a network.
 */
package org.openucc.cluster;
