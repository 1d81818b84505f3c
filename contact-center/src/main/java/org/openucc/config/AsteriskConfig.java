package org.openucc.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Calls carried by one or more Asterisk PBXs (AMI + FastAGI): the dialplan hands a service number's
 * callers to OpenUCC ({@code config/asterisk/openucc-dialplan.conf}), OpenUCC runs the number's IVR flow
 * over FastAGI, queues the caller in its own ACD, rings the agent's device with AMI Originate and
 * bridges, holds, transfers, records and hangs up over AMI.
 *
 * @param enabled        start the adapter (default false)
 * @param servers        the PBXs: AMI address and user; the AMI secret comes from an environment variable
 * @param agiHost        address the FastAGI server binds to (default 127.0.0.1)
 * @param agiPort        its port (default 4573, 0 picks a free one: tests)
 * @param maxAgiSessions calls that may be in FastAGI at once (IVR and queue); beyond it a caller is refused
 *                       and the dialplan plays music on hold and tries again (default 2000)
 * @param device         how an agent's device is dialled, {@code ${extension}} replaced: {@code SIP/${extension}},
 *                       {@code PJSIP/${extension}} (default {@code SIP/${extension}})
 * @param agents         which extension is whose (default: the sip.accounts usernames)
 * @param services       the service numbers the dialplan hands to OpenUCC and where their calls go
 * @param recordingsDir  where MixMonitor writes recordings, as the Asterisk host sees it (default
 *                       {@code <dataDir>/recordings}, for an Asterisk on this machine)
 * @param soundsDir      where Asterisk reads the prompts OpenUCC exports for it (16-bit 8 kHz WAV, hold music
 *                       in one-second pieces), as the Asterisk host sees {@code <dataDir>/asterisk-sounds}
 *                       (default: that path, for an Asterisk on this machine; share it for a remote one)
 * @param ringTimeout    how long an agent's device rings before the offer counts as declined (default 20s)
 * @param recordCalls    record every bridged call with MixMonitor (default true)
 * @param requireRegisteredPhone agents are offered calls only while their device is reachable on Asterisk
 *                       (device state not UNAVAILABLE; default true)
 * @param contexts       dialplan contexts OpenUCC moves channels into (defaults: the shipped dialplan's)
 * @param reconnectMin   first wait before an AMI reconnect (default 1s), doubling up to
 * @param reconnectMax   (default 30s)
 * @param reattachWait   after an OpenUCC restart, how long a caller who was waiting has to come back over
 *                       FastAGI before the call counts as gone (default 30s)
 * @param outbound       calls to outside numbers through Asterisk's trunks (default: none, only agents' devices)
 */
public record AsteriskConfig(Boolean enabled, List<Server> servers, String agiHost, Integer agiPort,
                             Integer maxAgiSessions, String device, List<Agent> agents, List<ServiceNumber> services,
                             String recordingsDir, String soundsDir, Duration ringTimeout, Boolean recordCalls,
                             Boolean requireRegisteredPhone, Contexts contexts, Duration reconnectMin,
                             Duration reconnectMax, Duration reattachWait, Outbound outbound) {

    public static final AsteriskConfig DISABLED = new AsteriskConfig(false, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null);
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{2,20}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,40}");
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9_+*#-]{1,40}");
    private static final Pattern CONTEXT = Pattern.compile("[A-Za-z0-9_.-]{1,79}");

    /**
     * One Asterisk.
     *
     * @param name      how logs, health and the interaction log name it (default: host:port)
     * @param host      AMI host
     * @param port      AMI port (default 5038)
     * @param username  AMI user (manager.conf)
     * @param secretEnv the environment variable holding the AMI secret (never in the file)
     */
    public record Server(String name, String host, Integer port, String username, String secretEnv) {
        public Server {
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
            port = port == null ? 5038 : port;
            secretEnv = secretEnv == null ? "OPENUCC_AMI_SECRET" : secretEnv;
            name = name == null || name.isBlank() ? host + ":" + port : name;
        }
    }

    /**
     * An agent's device on Asterisk.
     *
     * @param server the server's name the device lives on (default: the first server)
     */
    public record Agent(String agentId, String extension, String server) {
    }

    /** The dialplan contexts of {@code config/asterisk/openucc-dialplan.conf}. */
    public record Contexts(String agent, String hold, String agentHold, String resume, String transfer,
                           String monitor) {
        public static final Contexts DEFAULTS = new Contexts(null, null, null, null, null, null);

        public Contexts {
            agent = agent == null ? "openucc-agent" : agent;
            hold = hold == null ? "openucc-hold" : hold;
            agentHold = agentHold == null ? "openucc-agent-hold" : agentHold;
            resume = resume == null ? "openucc-resume" : resume;
            transfer = transfer == null ? "openucc-transfer" : transfer;
            monitor = monitor == null ? "openucc-monitor" : monitor;
        }
    }

    /**
     * Calls to outside numbers (campaigns, callbacks): AMI Originate of {@code channel} with the number filled in;
     * once the called party answers, the channel runs {@code context} (the shipped dialplan's
     * {@code [openucc-outbound]}), which hands it to OpenUCC over FastAGI like a caller.
     *
     * @param channel  the channel that reaches a number through your trunk, {@code ${number}} replaced by the number
     *                 as dialled (E.164 with its +) or {@code ${digits}} by its digits only: {@code SIP/carrier/${digits}},
     *                 {@code PJSIP/${number}@carrier}, {@code Local/${digits}@to-carrier}; none: no outbound calls
     * @param context  where the answered channel goes (default {@code openucc-outbound})
     * @param callerId the caller ID presented when a dial request has none (default: none, the trunk's)
     */
    public record Outbound(String channel, String context, String callerId) {
        public static final Outbound NONE = new Outbound(null, null, null);

        public Outbound {
            channel = channel == null || channel.isBlank() ? null : channel.trim();
            context = context == null || context.isBlank() ? "openucc-outbound" : context;
        }

        /** Whether calls to numbers are configured. */
        public boolean enabled() {
            return channel != null;
        }

        /** Whether {@code number} looks like a number Asterisk can dial: digits, an optional leading +. */
        public static boolean isNumber(String number) {
            return number != null && NUMBER.matcher(number).matches();
        }

        /** The channel to originate for {@code number}. */
        public String channelFor(String number) {
            String digits = number.startsWith("+") ? number.substring(1) : number;
            return channel.replace("${number}", number).replace("${digits}", digits);
        }
    }

    public AsteriskConfig {
        enabled = enabled != null && enabled;
        servers = servers == null ? List.of() : List.copyOf(servers);
        agiHost = agiHost == null || agiHost.isBlank() ? "127.0.0.1" : agiHost;
        agiPort = agiPort == null ? 4573 : agiPort;
        maxAgiSessions = maxAgiSessions == null ? 2000 : maxAgiSessions;
        device = device == null || device.isBlank() ? "SIP/${extension}" : device;
        agents = agents == null ? List.of() : List.copyOf(agents);
        services = services == null ? List.of() : List.copyOf(services);
        ringTimeout = ringTimeout == null ? Duration.ofSeconds(20) : ringTimeout;
        recordCalls = recordCalls == null || recordCalls;
        requireRegisteredPhone = requireRegisteredPhone == null || requireRegisteredPhone;
        contexts = contexts == null ? Contexts.DEFAULTS : contexts;
        reconnectMin = reconnectMin == null ? Duration.ofSeconds(1) : reconnectMin;
        reconnectMax = reconnectMax == null ? Duration.ofSeconds(30) : reconnectMax;
        reattachWait = reattachWait == null ? Duration.ofSeconds(30) : reattachWait;
        outbound = outbound == null ? Outbound.NONE : outbound;
    }

    /** The recordings directory as Asterisk sees it. */
    public String recordingsDir(String dataDir) {
        return recordingsDir != null ? recordingsDir : dataDir + "/recordings";
    }

    /**
     * Whose device is which, each with its server: {@code agents} as written, or else the usernames of
     * the built-in stack's phone accounts; a missing server is the first one.
     */
    public List<Agent> agentDevices(List<SipAccount> accounts) {
        String first = servers.isEmpty() ? null : servers.get(0).name();
        List<Agent> out = new ArrayList<>();
        if (agents.isEmpty()) {
            accounts.stream().filter(acc -> acc.agentId() != null) // users' own phones are no agents' devices
                    .forEach(acc -> out.add(new Agent(acc.agentId(), acc.username(), first)));
        } else {
            agents.forEach(a -> out.add(new Agent(a.agentId(), a.extension(), a.server() == null ? first : a.server())));
        }
        return out;
    }

    /**
     * The users' own phones (a supervisor's {@code users[].phone}: the sip.accounts entries without an agentId),
     * rung for monitoring: on Asterisk each is the extension of the same name on the first server, dialled
     * with {@link #device} like an agent's.
     */
    public List<String> userPhones(List<SipAccount> accounts) {
        return accounts.stream().filter(acc -> acc.agentId() == null).map(SipAccount::username).toList();
    }

    /** The device string for an extension. */
    public String deviceFor(String extension) {
        return device.replace("${extension}", extension);
    }

    /** The same section with other servers, AGI port and agents (tests). */
    public AsteriskConfig with(List<Server> newServers, int newAgiPort, List<Agent> newAgents,
                               List<ServiceNumber> newServices) {
        return new AsteriskConfig(true, newServers, agiHost, newAgiPort, maxAgiSessions, device, newAgents, newServices,
                recordingsDir, soundsDir, ringTimeout, recordCalls, requireRegisteredPhone, contexts, reconnectMin,
                reconnectMax, reattachWait, outbound);
    }

    /** The same section with another outbound setting (tests). */
    public AsteriskConfig withOutbound(Outbound newOutbound) {
        return new AsteriskConfig(enabled, servers, agiHost, agiPort, maxAgiSessions, device, agents, services,
                recordingsDir, soundsDir, ringTimeout, recordCalls, requireRegisteredPhone, contexts, reconnectMin,
                reconnectMax, reattachWait, newOutbound);
    }

    /** Rules beyond shape, under {@code /asterisk}, so the loader can report them with lines. */
    public List<ConfigViolation> validate(List<QueueConfig> queues, List<AgentConfig> agentConfigs) {
        List<ConfigViolation> v = new ArrayList<>();
        if (!enabled) {
            return v;
        }
        if (servers.isEmpty()) {
            v.add(ConfigViolation.at("/asterisk/servers", "asterisk is enabled but has no servers: list at least one"
                    + " {host, port, username, secretEnv}"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            String at = "/asterisk/servers/" + i;
            if (s.username() == null || s.username().isBlank()) {
                v.add(ConfigViolation.at(at + "/username", "the AMI username is missing (manager.conf's [user])"));
            }
            if (s.port() < 1 || s.port() > 65_535) {
                v.add(ConfigViolation.at(at + "/port", "port must be 1..65535, not " + s.port()));
            }
            if (!ENV_NAME.matcher(s.secretEnv()).matches()) {
                v.add(ConfigViolation.at(at + "/secretEnv", "'" + s.secretEnv() + "' is not an environment variable"
                        + " name (letters, digits and _, not starting with a digit)"));
            }
            if (!NAME.matcher(s.name()).matches() && !s.name().equals(s.host() + ":" + s.port())) {
                v.add(ConfigViolation.at(at + "/name", "'" + s.name() + "' is not a server name (letters, digits, . _ -)"));
            }
            if (!names.add(s.name())) {
                v.add(ConfigViolation.at(at + "/name", "server name '" + s.name() + "' is used twice"));
            }
        }
        if (agiPort < 0 || agiPort > 65_535) {
            v.add(ConfigViolation.at("/asterisk/agiPort", "agiPort must be 0..65535, not " + agiPort));
        }
        if (maxAgiSessions < 1 || maxAgiSessions > 100_000) {
            v.add(ConfigViolation.at("/asterisk/maxAgiSessions", "maxAgiSessions must be 1..100000, not "
                    + maxAgiSessions));
        }
        if (!device.contains("${extension}") || !device.contains("/")) {
            v.add(ConfigViolation.at("/asterisk/device", "device '" + device + "' must be a channel technology and"
                    + " ${extension}, e.g. SIP/${extension} or PJSIP/${extension}"));
        }
        Set<String> agentIds = new HashSet<>();
        agentConfigs.forEach(a -> agentIds.add(a.id()));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < agents.size(); i++) {
            Agent a = agents.get(i);
            String at = "/asterisk/agents/" + i;
            if (a.agentId() == null || !agentIds.contains(a.agentId())) {
                v.add(ConfigViolation.at(at + "/agentId", "agent '" + a.agentId() + "' is not one of the agents"));
            } else if (!seen.add(a.agentId())) {
                v.add(ConfigViolation.at(at + "/agentId", "agent '" + a.agentId() + "' has two extensions"));
            }
            if (a.extension() == null || !EXTENSION.matcher(a.extension()).matches()) {
                v.add(ConfigViolation.at(at + "/extension", "'" + a.extension() + "' is not an extension"));
            }
            if (a.server() != null && !names.contains(a.server())) {
                v.add(ConfigViolation.at(at + "/server", "'" + a.server() + "' is not one of the servers' names"));
            }
        }
        Set<String> queueIds = new HashSet<>();
        queues.forEach(q -> queueIds.add(q.id()));
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            ServiceNumber n = services.get(i);
            String at = "/asterisk/services/" + i;
            if (n.number() == null || !EXTENSION.matcher(n.number()).matches()) {
                v.add(ConfigViolation.at(at + "/number", "'" + n.number() + "' is not a dialplan extension"));
            } else if (!numbers.add(n.number())) {
                v.add(ConfigViolation.at(at + "/number", "service number " + n.number() + " is listed twice"));
            }
            if (n.queue() == null && n.flow() == null) {
                v.add(ConfigViolation.at(at, "service number " + n.number() + " needs a queue, a flow or both"));
            }
            if (n.queue() != null && !queueIds.contains(n.queue())) {
                v.add(ConfigViolation.at(at + "/queue", "'" + n.queue() + "' is not one of the queues"));
            }
        }
        for (String[] c : new String[][] {{"agent", contexts.agent()}, {"hold", contexts.hold()},
                {"agentHold", contexts.agentHold()}, {"resume", contexts.resume()}, {"transfer", contexts.transfer()},
                {"monitor", contexts.monitor()}}) {
            if (!CONTEXT.matcher(c[1]).matches()) {
                v.add(ConfigViolation.at("/asterisk/contexts/" + c[0], "'" + c[1] + "' is not a dialplan context name"));
            }
        }
        if (outbound.enabled()) {
            String ch = outbound.channel();
            if (!ch.contains("/") || !(ch.contains("${number}") || ch.contains("${digits}")) || ch.contains(" ")) {
                v.add(ConfigViolation.at("/asterisk/outbound/channel", "outbound channel '" + ch + "' must be a channel"
                        + " technology and ${number} or ${digits}, without spaces, e.g. SIP/carrier/${digits} or"
                        + " PJSIP/${number}@carrier"));
            }
            if (!CONTEXT.matcher(outbound.context()).matches()) {
                v.add(ConfigViolation.at("/asterisk/outbound/context", "'" + outbound.context()
                        + "' is not a dialplan context name"));
            }
            if (outbound.callerId() != null && !Outbound.isNumber(outbound.callerId())) {
                v.add(ConfigViolation.at("/asterisk/outbound/callerId", "callerId '" + outbound.callerId()
                        + "' is not a number (digits, an optional leading +)"));
            }
        } else if (outbound.callerId() != null || !"openucc-outbound".equals(outbound.context())) {
            v.add(ConfigViolation.at("/asterisk/outbound", "outbound has no channel: say how Asterisk reaches a number,"
                    + " e.g. channel: SIP/carrier/${digits}"));
        }
        if (ringTimeout.isNegative() || ringTimeout.isZero() || ringTimeout.toSeconds() > 600) {
            v.add(ConfigViolation.at("/asterisk/ringTimeout", "ringTimeout must be between 1s and 10m"));
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            v.add(ConfigViolation.at("/asterisk/reconnectMin", "reconnectMin must be positive and at most reconnectMax"));
        }
        return List.copyOf(v);
    }
}
