package org.openucc.routing.spi;

import org.openucc.config.QueueConfig;

/**
 * A named strategy a queue can use ({@code strategy: <name>} in the queue config). Sites plug their
 * own by putting a jar with a {@code META-INF/services/org.openucc.routing.spi.RoutingStrategyProvider}
 * on the class path; the built-in strategies are providers too.
 */
public interface RoutingStrategyProvider {
    String name();

    /** A fresh strategy for one queue; reads its options from {@link QueueConfig#strategyOptions()}. */
    RoutingStrategy create(QueueConfig queue);
}
