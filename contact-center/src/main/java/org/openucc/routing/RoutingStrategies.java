package org.openucc.routing;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.openucc.config.QueueConfig;
import org.openucc.routing.spi.RoutingStrategy;
import org.openucc.routing.spi.RoutingStrategyProvider;
import org.openucc.routing.strategy.BuiltInStrategies;

/** The strategies queues may name: the built-ins plus any found on the class path or given explicitly. */
public final class RoutingStrategies {
    private final Map<String, RoutingStrategyProvider> providers = new LinkedHashMap<>();

    private RoutingStrategies(Collection<RoutingStrategyProvider> extra) {
        BuiltInStrategies.all().forEach(p -> providers.put(p.name(), p));
        extra.forEach(p -> providers.put(p.name(), p));
    }

    public static RoutingStrategies builtIn() {
        return new RoutingStrategies(java.util.List.of());
    }

    public static RoutingStrategies with(Collection<RoutingStrategyProvider> extra) {
        return new RoutingStrategies(extra);
    }

    /** Built-ins plus plug-ins declared through {@link ServiceLoader}. */
    public static RoutingStrategies discover() {
        return new RoutingStrategies(ServiceLoader.load(RoutingStrategyProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    public Set<String> names() {
        return Set.copyOf(providers.keySet());
    }

    RoutingStrategy create(QueueConfig queue) {
        RoutingStrategyProvider p = providers.get(queue.strategy());
        if (p == null) {
            throw new RoutingException("queue " + queue.id() + ": unknown routing strategy '" + queue.strategy()
                    + "' (known: " + String.join(", ", providers.keySet()) + ")");
        }
        return p.create(queue);
    }
}
