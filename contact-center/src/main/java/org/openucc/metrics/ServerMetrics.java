package org.openucc.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openucc.ComponentHealth;
import org.openucc.Lifecycle;
import org.openucc.config.MetricsConfig;
import org.openucc.limits.Rejections;
import org.openucc.routing.RoutingPort;
import org.openucc.store.StoreServices;

/**
 * The server's Prometheus metrics: one registry with the ACD's offers and waits, the queues and agents,
 * calls and SIP figures, the interaction log, what the doors refused ({@code openucc_rejections_total}
 * per door and limit), the JVM and the process. {@link #scrape()} refreshes the live figures and
 * renders the text format. Started right after the store (it listens to the log's commits).
 */
public final class ServerMetrics implements Lifecycle {
    /** The Prometheus text exposition format that {@link #scrape()} renders. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String REJECTIONS = "openucc.rejections";

    private final MetricsConfig config;
    private final Function<String, String> env;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<StoreServices> store;
    private final Rejections rejections;
    private final LiveFigures live;
    private final LogMeters log;
    private final AtomicLong scrapes = new AtomicLong();
    private volatile JvmGcMetrics gc;
    private volatile String scrapeToken;

    /**
     * @param store      the store's services (after it started): the interaction log's statistics and commits
     * @param rejections what the doors refused, by door and limit
     * @param sipStats   the built-in telephony's figures, as its {@code /health} entry shows them
     * @param env        the environment, for the scrape token's variable ({@link MetricsConfig#tokenEnv()})
     */
    public ServerMetrics(MetricsConfig config, RoutingPort routing, Supplier<StoreServices> store,
                         Rejections rejections, Supplier<Map<String, Object>> sipStats, Function<String, String> env) {
        this.config = config;
        this.env = env;
        this.store = store;
        this.rejections = rejections;
        this.live = new LiveFigures(registry, routing, sipStats);
        this.log = new LogMeters(registry, () -> store.get().interactionLogStats());
        routing.addListener(new RoutingMeters(registry));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public void start() {
        String token = config.token() != null ? config.token().strip() : env.apply(config.tokenEnv());
        token = token == null || token.isBlank() ? null : token.strip();
        if (token != null && token.length() < MetricsConfig.MIN_TOKEN_LENGTH) {
            throw new IllegalStateException("the metrics token in " + config.tokenEnv() + " has " + token.length()
                    + " characters; it needs at least " + MetricsConfig.MIN_TOKEN_LENGTH + " (e.g. openssl rand -hex 24)");
        }
        scrapeToken = token;
        store.get().onLogCommit(log);
        JvmGcMetrics g = new JvmGcMetrics();
        g.bindTo(registry);
        gc = g;
    }

    @Override
    public void stop() {
        JvmGcMetrics g = gc;
        gc = null;
        if (g != null) {
            g.close();
        }
    }

    /** Whether {@code /metrics} is served at all ({@code metrics.enabled}). */
    public boolean enabled() {
        return config.enabled();
    }

    /** The bearer token a scraper may present instead of a session; null when none is configured. */
    public String scrapeToken() {
        return scrapeToken;
    }

    /** Reads the live figures (queues, agents, calls, rejections); completes when the gauges show them. */
    public CompletableFuture<Void> refresh() {
        rejections.snapshot().keySet().forEach(k -> FunctionCounter.builder(REJECTIONS, rejections,
                        r -> r.total(k.door(), k.limit()))
                .description("Requests, connections and messages a public door refused because of a limit")
                .tags("door", k.door(), "limit", k.limit()).register(registry));
        return live.refresh();
    }

    /** Every metric in the Prometheus text format ({@link #CONTENT_TYPE}), as of the last {@link #refresh()}. */
    public String scrape() {
        scrapes.incrementAndGet();
        return registry.scrape();
    }

    @Override
    public ComponentHealth health() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("enabled", config.enabled());
        d.put("scrapes", scrapes.get());
        return ComponentHealth.up(d);
    }
}
