package org.openucc.config.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.ServerConfig;
import org.openucc.config.SipConfig;

/**
 * What the command line and the environment say about where the config is and how to override it.
 * The environment is passed in as a map so tests (and embedding code) need not touch the real one.
 *
 * @param configFile the YAML file: {@code --config} beats {@code OPENUCC_CONFIG} beats the default
 * @param help       {@code --help} was given: print {@link #USAGE} and exit
 * @param httpHost   {@code OPENUCC_HTTP_HOST}, or null to keep the file's value
 * @param httpPort   {@code OPENUCC_HTTP_PORT}, or null to keep the file's value
 * @param dataDir    {@code OPENUCC_DATA_DIR}, or null to keep the file's value
 * @param sipPort    {@code OPENUCC_SIP_PORT}, or null to keep the file's value
 * @param rtpPorts   {@code OPENUCC_RTP_PORTS} ({@code min-max}), or null to keep the file's range
 */
public record LaunchOptions(Path configFile, boolean help, String httpHost, Integer httpPort, String dataDir,
                            Integer sipPort, PortRange rtpPorts) {
    public static final Path DEFAULT_CONFIG_FILE = Path.of("config", "contact-center.yaml");
    public static final String ENV_CONFIG = "OPENUCC_CONFIG";
    public static final String ENV_HTTP_HOST = "OPENUCC_HTTP_HOST";
    public static final String ENV_HTTP_PORT = "OPENUCC_HTTP_PORT";
    public static final String ENV_DATA_DIR = "OPENUCC_DATA_DIR";
    public static final String ENV_SIP_PORT = "OPENUCC_SIP_PORT";
    public static final String ENV_RTP_PORTS = "OPENUCC_RTP_PORTS";

    public static final String USAGE = """
            usage: java -jar openucc.jar [--config <file>]
                   java -jar openucc.jar hash-password [--cost N]
                   java -jar openucc.jar validate-ivr [flowsDir] [--config <file>]   (checks IVR flows only)

              --config <file>   configuration file (default: config/contact-center.yaml)
              --help            print this help
              hash-password     print the bcrypt hash of a password (asked for) for the users section

            environment:
              OPENUCC_CONFIG      configuration file, when --config is not given
              OPENUCC_HTTP_HOST   overrides server.host
              OPENUCC_HTTP_PORT   overrides server.httpPort (0 picks a free port)
              OPENUCC_DATA_DIR    overrides server.dataDir
              OPENUCC_SIP_PORT    overrides sip.port (0 picks a free port)
              OPENUCC_RTP_PORTS   overrides sip.rtpPortMin and sip.rtpPortMax, as min-max (e.g. 30000-30999)
            """;

    private static final String ENVIRONMENT = "environment";
    private static final String COMMAND_LINE = "command line";

    public LaunchOptions {
        configFile = configFile == null ? DEFAULT_CONFIG_FILE : configFile;
    }

    /** Defaults only: the default config file and no overrides. */
    public static LaunchOptions defaults() {
        return new LaunchOptions(null, false, null, null, null, null, null);
    }

    /** @throws ConfigException listing every unusable argument and environment value */
    public static LaunchOptions parse(List<String> args, Map<String, String> env) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        Path configFile = null;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--config")) {
                if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                    problems.add(new ConfigProblem(COMMAND_LINE, 0, 0, "--config needs a file name"));
                } else {
                    configFile = Path.of(args.get(++i));
                }
            } else if (arg.startsWith("--config=") && arg.length() > "--config=".length()) {
                configFile = Path.of(arg.substring("--config=".length()));
            } else {
                problems.add(new ConfigProblem(COMMAND_LINE, 0, 0, "unknown argument '" + arg + "' (try --help)"));
            }
        }
        if (configFile == null && present(env, ENV_CONFIG)) {
            configFile = Path.of(env.get(ENV_CONFIG).trim());
        }
        Integer port = null;
        if (present(env, ENV_HTTP_PORT)) {
            port = port(ENV_HTTP_PORT, env.get(ENV_HTTP_PORT).trim(), problems);
        }
        Integer sipPort = null;
        if (present(env, ENV_SIP_PORT)) {
            sipPort = port(ENV_SIP_PORT, env.get(ENV_SIP_PORT).trim(), problems);
        }
        PortRange rtpPorts = null;
        if (present(env, ENV_RTP_PORTS)) {
            rtpPorts = rtpRange(env.get(ENV_RTP_PORTS).trim(), problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new LaunchOptions(configFile, help, trimmed(env, ENV_HTTP_HOST), port, trimmed(env, ENV_DATA_DIR), sipPort,
                rtpPorts);
    }

    /** The configuration with the environment's overrides applied. */
    public ContactCenterConfig applyTo(ContactCenterConfig config) {
        ContactCenterConfig out = config.withServer(applyTo(config.server()));
        if (sipPort != null || rtpPorts != null) {
            SipConfig s = config.sip();
            out = out.withSip(new SipConfig(s.host(), sipPort != null ? sipPort : s.port(), s.transports(), s.realm(),
                    rtpPorts != null ? rtpPorts.min() : s.rtpPortMin(), rtpPorts != null ? rtpPorts.max() : s.rtpPortMax(),
                    s.services(), s.accounts(), s.promptDir(), s.holdMusic(), s.ringTimeout(), s.recordingsDir(), s.minExpires(), s.maxExpires(), s.recordCalls(),
                    s.requireRegisteredPhone(), s.limits(), s.trunks(), s.transactionTimeout(), s.mediaTimeout()));
        }
        return out;
    }

    /** The server section with the environment's overrides applied. */
    public ServerConfig applyTo(ServerConfig server) {
        return new ServerConfig(
                httpHost != null ? httpHost : server.host(),
                httpPort != null ? httpPort : server.httpPort(),
                dataDir != null ? dataDir : server.dataDir(), server.http(), server.webSocket());
    }

    private static Integer port(String variable, String text, List<ConfigProblem> problems) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the value that was given
        }
        problems.add(new ConfigProblem(ENVIRONMENT, 0, 0,
                variable + " must be a port number 0..65535, not '" + text + "'"));
        return null;
    }

    /**
     * The RTP range as {@code min-max}: the same bounds as {@code sip.rtpPortMin}/{@code rtpPortMax} in the
     * file (1024..65535, room for at least two RTP/RTCP pairs), checked here so the problem names the variable.
     */
    private static PortRange rtpRange(String text, List<ConfigProblem> problems) {
        String[] parts = text.split("-", -1);
        try {
            if (parts.length == 2) {
                int min = Integer.parseInt(parts[0].strip());
                int max = Integer.parseInt(parts[1].strip());
                if (min >= 1024 && max <= 65_535 && max - min >= 3) {
                    return new PortRange(min, max);
                }
            }
        } catch (NumberFormatException e) {
            // reported below with the value that was given
        }
        problems.add(new ConfigProblem(ENVIRONMENT, 0, 0, ENV_RTP_PORTS + " must be a port range min-max within"
                + " 1024..65535 holding at least two RTP ports (e.g. 30000-30999), not '" + text + "'"));
        return null;
    }

    /** A range of ports, both ends included. */
    public record PortRange(int min, int max) {
    }

    /** Empty variables count as unset: deployment tools often define them blank. */
    private static boolean present(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    private static String trimmed(Map<String, String> env, String name) {
        return present(env, name) ? env.get(name).trim() : null;
    }
}
