package org.openucc.ivr;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.loader.ConfigException;
import org.openucc.config.loader.ConfigLoader;
import org.openucc.config.loader.LaunchOptions;
import org.openucc.ivr.flow.FlowSet;
import org.openucc.ivr.load.FlowEnvironment;
import org.openucc.ivr.load.FlowLoader;
import org.openucc.ivr.load.IvrFlowException;

/**
 * {@code openucc.jar validate-ivr [flowsDir] [--prompts <dir>] [--config <file>]}: checks the flows
 * against the prompts and the configuration exactly as the server does at start, without starting
 * anything. Exit status 0 when valid, 2 with every problem as {@code file:line:column: message}.
 */
public final class IvrValidateCommand {
    public static final String NAME = "validate-ivr";
    public static final String USAGE = """
            usage: java -jar openucc.jar validate-ivr [flowsDir] [--prompts <dir>] [--config <file>]

              flowsDir          the flows to check (default: ivr.flowsDir of the configuration)
              --prompts <dir>   the prompts directory (default: ivr.promptsDir of the configuration)
              --config <file>   the configuration whose queues, skills and calendars flows may name
                                (default: OPENUCC_CONFIG, else config/contact-center.yaml)
            """;

    private IvrValidateCommand() {
    }

    /**
     * The check the server makes before it starts: the configured flows (if there are any) must be
     * valid.
     */
    public static void checkBeforeStart(ContactCenterConfig config) throws IvrFlowException {
        Path dir = Path.of(config.ivr().flowsPath());
        if (config.ivr().flowsRequired() || java.nio.file.Files.isDirectory(dir)) {
            new FlowLoader(FlowEnvironment.of(config)).load(dir, 1, Instant.now());
        }
    }

    /** @return the exit status */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        List<String> configArgs = new ArrayList<>();
        Path flowsDir = null;
        Path promptsDir = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                out.print(USAGE);
                return 0;
            } else if ((a.equals("--config") || a.equals("--prompts")) && i + 1 < args.size()) {
                if (a.equals("--config")) {
                    configArgs.add("--config=" + args.get(++i));
                } else {
                    promptsDir = Path.of(args.get(++i));
                }
            } else if (a.startsWith("--config=")) {
                configArgs.add(a);
            } else if (a.startsWith("--prompts=")) {
                promptsDir = Path.of(a.substring("--prompts=".length()));
            } else if (!a.startsWith("-") && flowsDir == null) {
                flowsDir = Path.of(a);
            } else {
                err.println("validate-ivr: unexpected argument '" + a + "'");
                err.print(USAGE);
                return 2;
            }
        }
        ContactCenterConfig config;
        try {
            config = new ConfigLoader().load(LaunchOptions.parse(configArgs, env));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        FlowEnvironment environment = FlowEnvironment.of(config);
        if (promptsDir != null) {
            environment = environment.withPromptsDir(promptsDir);
        }
        Path dir = flowsDir != null ? flowsDir : Path.of(config.ivr().flowsPath());
        try {
            FlowSet flows = new FlowLoader(environment).load(dir, 1, Instant.now());
            out.println(flows.flows().size() + " IVR flow" + (flows.flows().size() == 1 ? "" : "s") + " in " + dir
                    + " valid: " + String.join(", ", flows.flows().keySet()));
            return 0;
        } catch (IvrFlowException e) {
            err.println(e.getMessage());
            return 2;
        }
    }
}
