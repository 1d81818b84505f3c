package org.openucc.routing.strategy;

import java.util.List;
import java.util.function.Function;
import org.openucc.config.QueueConfig;
import org.openucc.routing.spi.RoutingStrategy;
import org.openucc.routing.spi.RoutingStrategyProvider;

/** The five strategies that ship with OpenUCC, as providers like any plug-in. */
public final class BuiltInStrategies {
    private BuiltInStrategies() {
    }

    public static List<RoutingStrategyProvider> all() {
        return List.of(
                provider(LongestIdleStrategy.NAME, q -> new LongestIdleStrategy()),
                provider(MostSkilledStrategy.NAME, MostSkilledStrategy::new),
                provider(LeastOccupiedStrategy.NAME, q -> new LeastOccupiedStrategy()),
                provider(RoundRobinStrategy.NAME, q -> new RoundRobinStrategy()),
                provider(RingAllStrategy.NAME, q -> new RingAllStrategy()));
    }

    private static RoutingStrategyProvider provider(String name, Function<QueueConfig, RoutingStrategy> factory) {
        return new RoutingStrategyProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public RoutingStrategy create(QueueConfig queue) {
                return factory.apply(queue);
            }
        };
    }
}
