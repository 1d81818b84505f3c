package org.openucc.ivr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.openucc.config.IvrConfig;
import org.openucc.config.ServiceNumber;
import org.openucc.ivr.flow.IvrFlow;
import org.openucc.config.loader.ConfigProblem;
import org.openucc.ivr.flow.FlowSet;
import org.openucc.ivr.load.FlowEnvironment;
import org.openucc.ivr.load.FlowLoader;
import org.openucc.ivr.load.IvrFlowException;
import org.openucc.ivr.runtime.FlowRunner;
import org.openucc.ivr.runtime.IvrCall;
import org.openucc.ivr.runtime.IvrOutcome;
import org.openucc.ivr.runtime.IvrPorts;
import org.openucc.ivr.runtime.RuntimeSettings;
import org.openucc.telephony.CallControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IVR as the rest of the server sees it: loads and validates the flows at start (refusing a
 * broken set), reloads them when a file changes (a broken edit is rejected and the previous version
 * stays), and runs a flow on a call. A call keeps the version it started with.
 *
 * <p>A voice flow hands an answered (or ringing) call over with {@link #run}; the outcome says what
 * happened: queued and taken by an agent, callback, voicemail, transferred, hung up, or failed.
 */
public final class IvrService {
    private static final Logger log = LoggerFactory.getLogger(IvrService.class);

    /** What a reload did: accepted as {@code version}, or rejected with the problems. */
    public record Reload(boolean accepted, long version, List<ConfigProblem> problems) {
        public Reload {
            problems = List.copyOf(problems);
        }
    }

    /** Where the build puts the built-in flows. */
    private static final String BUILT_IN = "/org/openucc/ivr/builtin/";

    private final IvrConfig config;
    private final FlowLoader loader;
    private final Path flowsDir;
    private final IvrPorts ports;
    private final FlowRunner runner;
    private final List<Consumer<Reload>> reloadListeners = new CopyOnWriteArrayList<>();
    private volatile FlowSet flows;
    private volatile Reload lastReload;
    private FlowWatcher watcher;

    public IvrService(IvrConfig config, FlowEnvironment environment, IvrPorts ports, RuntimeSettings settings) {
        this.config = config;
        this.loader = new FlowLoader(environment);
        this.flowsDir = Path.of(config.flowsPath());
        this.ports = ports;
        this.runner = new FlowRunner(ports, settings);
    }

    /** Loads the flows; throws if any is broken, so the server does not start with them. */
    public synchronized void start() throws IvrFlowException {
        if (!config.flowsRequired() && !Files.isDirectory(flowsDir)) {
            log.warn("No IVR flows: {} does not exist (working directory {}) and ivr.flowsDir is not set;"
                    + " the IVR has only its built-in flows", flowsDir, Path.of("").toAbsolutePath());
            flows = withBuiltIns(new FlowSet(1, ports.clock().instant(), Map.of()), false);
            lastReload = new Reload(true, 1, List.of());
            return;
        }
        flows = withBuiltIns(loader.load(flowsDir, 1, ports.clock().instant()), true);
        lastReload = new Reload(true, 1, List.of());
        log.info("IVR flows loaded from {}: {}", flowsDir, String.join(", ", flows.flows().keySet()));
        if (config.watch()) {
            List<Path> watched = new ArrayList<>();
            watched.add(flowsDir);
            for (String lang : loader.environment().languages()) {
                watched.add(loader.environment().promptsDir().resolve(lang));
            }
            watcher = FlowWatcher.start(watched, this::reload);
        }
    }

    public synchronized void stop() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    /** Runs {@code flowName} on the call with the flows current now. */
    public CompletionStage<IvrOutcome> run(CallControl call, String flowName, IvrCall ivrCall) {
        FlowSet current = flows;
        if (current == null) {
            throw new IllegalStateException("the IVR is not started");
        }
        return runner.run(call, current, flowName, ivrCall);
    }

    /** The flows new calls get. */
    public FlowSet flows() {
        return flows;
    }

    public boolean hasFlow(String name) {
        FlowSet current = flows;
        return current != null && current.flows().containsKey(name);
    }

    /**
     * Loads the flows again: if they are all valid they become the current version, otherwise the
     * problems are logged and the current version stays.
     */
    public synchronized Reload reload() {
        long next = flows == null ? 1 : flows.version() + 1;
        Reload result;
        try {
            FlowSet loaded = withBuiltIns(loader.load(flowsDir, next, ports.clock().instant()), true);
            flows = loaded;
            result = new Reload(true, next, List.of());
            log.info("IVR flows reloaded: version {} ({}); calls in progress keep their version", next,
                    String.join(", ", loaded.flows().keySet()));
        } catch (IvrFlowException e) {
            long current = flows == null ? 0 : flows.version();
            result = new Reload(false, current, e.problems());
            log.error("IVR flow change rejected, version {} stays active. {}", current, e.getMessage());
        }
        lastReload = result;
        for (Consumer<Reload> l : reloadListeners) {
            l.accept(result);
        }
        return result;
    }

    /**
     * Adds the built-in {@value ServiceNumber#DIRECT_FLOW} flow (the build's copy of
     * ivr-scripts/flows/direct.yaml) unless the flows directory has its own. {@code strict}: a copy
     * that does not validate here (its prompts missing) is a problem of the flows; otherwise the IVR
     * runs without it, and calls that need it are refused.
     */
    private FlowSet withBuiltIns(FlowSet set, boolean strict) throws IvrFlowException {
        String name = ServiceNumber.DIRECT_FLOW;
        if (set.flows().containsKey(name)) {
            return set;
        }
        String text;
        try (InputStream in = IvrService.class.getResourceAsStream(BUILT_IN + name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("the built-in IVR flow " + BUILT_IN + name + ".yaml is not on the"
                        + " class path (the build copies it from ivr-scripts/flows)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in IVR flow " + name, e);
        }
        try {
            FlowSet builtIn = loader.load(Map.of(name, text), Map.of(name, "built-in " + name + ".yaml"), set.version(),
                    set.loadedAt());
            Map<String, IvrFlow> all = new LinkedHashMap<>(set.flows());
            all.putAll(builtIn.flows());
            return new FlowSet(set.version(), set.loadedAt(), all);
        } catch (IvrFlowException e) {
            if (strict) {
                throw e;
            }
            log.warn("The built-in IVR flow {} cannot run here, service numbers without a flow refuse calls: {}", name,
                    e.getMessage());
            return set;
        }
    }

    public void onReload(Consumer<Reload> listener) {
        reloadListeners.add(listener);
    }

    /** Flows, version, calls in the IVR and the last reload, for /health. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        FlowSet current = flows;
        d.put("flows", current == null ? "" : String.join(", ", current.flows().keySet()));
        d.put("version", current == null ? 0 : current.version());
        d.put("activeCalls", runner.activeCalls());
        Reload r = lastReload;
        if (r != null && !r.accepted()) {
            d.put("lastReload", "rejected: " + r.problems().size() + " problem(s), e.g. " + r.problems().get(0));
        }
        return d;
    }
}
