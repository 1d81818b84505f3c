package org.openucc.config;

import static org.openucc.config.ConfigViolation.path;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.openucc.interaction.Channel;

/**
 * The rules a configuration must follow beyond its shape: ids unique and present, every reference
 * (skill, queue, calendar, reason code) declared, numbers in range, overflow steps in order. Returns
 * every violation at once; plain Java, so the admin API can validate a config built in code too.
 */
public final class ConfigValidator {
    /** The routing strategies the engine ships with. */
    public static final Set<String> BUILT_IN_STRATEGIES =
            Set.of("longest-idle", "most-skilled", "least-occupied", "round-robin", "ring-all");
    public static final int MIN_SKILL_LEVEL = 1;
    public static final int MAX_SKILL_LEVEL = 10;

    // Ids end up in URLs, logs and reports: keep them to characters that need no quoting there.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");

    /** A bcrypt hash in modular crypt format: version, two-digit cost, 22 characters of salt, 31 of hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    private final Set<String> strategies;

    /** Validates against the built-in routing strategies. */
    public ConfigValidator() {
        this(BUILT_IN_STRATEGIES);
    }

    /** @param strategies the strategy names queues may use: the built-ins plus any plugged in */
    public ConfigValidator(Set<String> strategies) {
        this.strategies = new TreeSet<>(strategies);
    }

    public Set<String> strategies() {
        return Set.copyOf(strategies);
    }

    public List<ConfigViolation> validate(ContactCenterConfig config) {
        Run run = new Run(config.queues());
        run.server(config.server());
        Set<String> skills = run.ids(config.skills(), "skills", "id", "skill", SkillConfig::id);
        Set<String> queues = run.ids(config.queues(), "queues", "id", "queue", QueueConfig::id);
        Set<String> agents = run.ids(config.agents(), "agents", "id", "agent", AgentConfig::id);
        Set<String> reasons = run.ids(config.reasonCodes(), "reasonCodes", "code", "reason", ReasonCode::code);
        run.ids(config.dispositions(), "dispositions", "code", "disposition", DispositionCode::code);
        Set<String> calendars =
                run.ids(config.businessHours(), "businessHours", "id", "business hours", BusinessHoursConfig::id);
        run.routing(config.routing(), reasons);
        for (int i = 0; i < config.queues().size(); i++) {
            run.queue(i, config.queues().get(i), skills, queues, calendars);
        }
        for (int i = 0; i < config.agents().size(); i++) {
            run.agent(i, config.agents().get(i), skills);
        }
        for (int i = 0; i < config.businessHours().size(); i++) {
            run.businessHours(i, config.businessHours().get(i));
        }
        run.ids(config.users(), "users", "username", "user", UserConfig::username);
        Map<String, String> usersByAgent = new HashMap<>();
        for (int i = 0; i < config.users().size(); i++) {
            run.user(i, config.users().get(i), agents, usersByAgent);
        }
        run.violations.addAll(config.store().validate());
        run.sip(config.sip(), config.queues(), config.agents(), config.ivr(), config.users());
        run.userPhones(config.users(), config.sip().accounts());
        run.violations.addAll(config.sip().limits().validate());
        run.violations.addAll(TrunkConfig.validate(config.sip().trunks(), config.sip().transports()));
        run.violations.addAll(config.api().validate());
        run.violations.addAll(config.ivr().validate());
        run.violations.addAll(config.channels().validate(config.queues()));
        run.violations.addAll(config.metrics().validate());
        run.violations.addAll(config.asterisk().validate(config.queues(), config.agents()));
        run.violations.addAll(config.reports().validate());
        run.violations.addAll(config.recordings().validate());
        run.violations.addAll(config.cluster().validate(config.store().jdbcUrl()));
        return List.copyOf(run.violations);
    }

    /** One validation pass; collects instead of throwing so every violation is reported. */
    private final class Run {
        final List<ConfigViolation> violations = new ArrayList<>();
        final List<QueueConfig> queueList;

        Run(List<QueueConfig> queues) {
            this.queueList = queues;
        }

        void server(ServerConfig server) {
            if (server.httpPort() < 0 || server.httpPort() > 65_535) {
                value(path("server", "httpPort"), "httpPort must be 0..65535 (0 picks a free port), not "
                        + server.httpPort());
            }
            if (isBlank(server.host())) {
                value(path("server", "host"), "host must not be empty (127.0.0.1 serves this machine only)");
            }
            if (isBlank(server.dataDir())) {
                value(path("server", "dataDir"), "dataDir must not be empty");
            }
            violations.addAll(server.http().validate());
            violations.addAll(server.webSocket().validate());
        }

        /**
         * A service number's IVR flow must be one of the flow files ({@code <flowsDir>/<flow>.yaml}),
         * so a misspelt flow stops the start at its line instead of failing a caller later.
         */
        void serviceFlow(ServiceNumber n, String at, IvrConfig ivr) {
            if (!ID.matcher(n.flow()).matches()) {
                value(at + "/flow", "service number '" + n.number() + "': '" + n.flow() + "' is not a flow name"
                        + " (the file name of a flow without .yaml)");
                return;
            }
            java.nio.file.Path dir = java.nio.file.Path.of(ivr.flowsPath());
            if (!java.nio.file.Files.isDirectory(dir)) {
                if (ivr.flowsRequired()) {
                    value(at + "/flow", "service number '" + n.number() + "' runs IVR flow '" + n.flow() + "', but the"
                            + " flows directory " + dir.toAbsolutePath() + " does not exist (ivr.flowsDir)");
                }
                return; // the server runs without IVR flows (the IVR warns); such calls go to the number's queue
            }
            Set<String> flows = new TreeSet<>();
            try (var files = java.nio.file.Files.list(dir)) {
                files.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith("."))
                        .filter(f -> f.endsWith(".yaml") || f.endsWith(".yml"))
                        .forEach(f -> flows.add(f.substring(0, f.lastIndexOf('.'))));
            } catch (java.io.IOException e) {
                value(at + "/flow", "service number '" + n.number() + "': cannot list the flows in " + dir + ": " + e);
                return;
            }
            if (!flows.contains(n.flow())) {
                value(at + "/flow", "service number '" + n.number() + "' runs IVR flow '" + n.flow() + "', which is not"
                        + " in " + dir + " (flows: " + String.join(", ", flows) + ")");
            }
        }

        /** The SIP section: a sane RTP range, service numbers feeding known voice queues, accounts of known agents. */
        void sip(SipConfig sip, List<QueueConfig> queueConfigs, List<AgentConfig> agentConfigs, IvrConfig ivr,
                 List<UserConfig> userConfigs) {
            if (sip.port() < 0 || sip.port() > 65_535) {
                value("/sip/port", "sip.port must be 0..65535, not " + sip.port());
            }
            if (sip.rtpPortMin() < 1024 || sip.rtpPortMax() > 65_535 || sip.rtpPortMax() - sip.rtpPortMin() < 3) {
                value("/sip/rtpPortMin", "sip RTP range " + sip.rtpPortMin() + ".." + sip.rtpPortMax()
                        + " must lie in 1024..65535 and hold at least two RTP ports");
            }
            if (sip.transactionTimeout().compareTo(java.time.Duration.ofSeconds(1)) < 0
                    || sip.transactionTimeout().compareTo(java.time.Duration.ofMinutes(5)) > 0) {
                value("/sip/transactionTimeout", "sip.transactionTimeout must be 1s..5m (RFC 3261's 64*T1: 32s with"
                        + " T1 = 500 ms), not " + DurationFormat.format(sip.transactionTimeout()));
            }
            if (!sip.mediaTimeout().isZero() && (sip.mediaTimeout().compareTo(java.time.Duration.ofSeconds(1)) < 0
                    || sip.mediaTimeout().compareTo(java.time.Duration.ofHours(1)) > 0)) {
                value("/sip/mediaTimeout", "sip.mediaTimeout must be 0 (off) or 1s..1h, not "
                        + DurationFormat.format(sip.mediaTimeout()));
            }
            for (String t : sip.transports()) {
                if (!t.equals("udp") && !t.equals("tcp")) {
                    value("/sip/transports", "sip transport '" + t + "' is not one of udp, tcp");
                }
            }
            java.util.Set<String> numbers = new java.util.HashSet<>();
            for (int i = 0; i < sip.services().size(); i++) {
                ServiceNumber n = sip.services().get(i);
                String at = "/sip/services/" + i;
                if (n.number() == null || n.number().isBlank()) {
                    value(at, "sip.services[" + i + "] has no number");
                } else if (!numbers.add(n.number())) {
                    value(at + "/number", "service number '" + n.number() + "' is listed twice");
                }
                if (n.flow() != null) {
                    serviceFlow(n, at, ivr);
                } else if (n.queue() == null) {
                    value(at, "service number '" + n.number() + "' needs a queue (straight to an agent) or a flow"
                            + " (an IVR flow of " + ivr.flowsPath() + " first)");
                    continue;
                }
                if (n.queue() == null) {
                    continue; // a flow alone: its queue nodes name the queues
                }
                QueueConfig q = queueConfigs.stream().filter(x -> x.id().equals(n.queue())).findFirst().orElse(null);
                if (q == null) {
                    value(at + "/queue", "service number '" + n.number() + "': queue '" + n.queue() + "' is not declared in queues");
                } else if (!q.channels().contains(org.openucc.interaction.Channel.VOICE)) {
                    value(at + "/queue", "service number '" + n.number() + "': queue '" + n.queue() + "' does not take VOICE");
                }
            }
            java.util.Set<String> users = new java.util.HashSet<>();
            for (int i = 0; i < sip.accounts().size(); i++) {
                SipAccount a = sip.accounts().get(i);
                String at = "/sip/accounts/" + i;
                if (a.agentId() == null) {
                    if (userConfigs.stream().noneMatch(u -> a.username() != null && a.username().equals(u.phone()))) {
                        value(at, "SIP account '" + a.username() + "' has no agentId and no user names it as their"
                                + " phone; give agentId (an agent's phone) or name it in a user's phone (users[].phone)");
                    }
                } else if (agentConfigs.stream().noneMatch(x -> x.id().equals(a.agentId()))) {
                    value(at + "/agentId", "SIP account '" + a.username() + "': agent '" + a.agentId() + "' is not declared in agents");
                }
                if (a.username() == null || !users.add(a.username())) {
                    value(at + "/username", "SIP account user name '" + a.username() + "' is missing or listed twice");
                }
                if (a.ha1() == null || !a.ha1().matches("[0-9a-f]{32}")) {
                    value(at + "/ha1", "SIP account '" + a.username() + "': ha1 must be 32 lower-case hex digits,"
                            + " MD5(username:realm:password), e.g. printf 'user:realm:password' | md5sum");
                }
            }
        }

        /**
         * A user's own phone ({@code users[].phone}) is one of {@code sip.accounts}: one with no agent, or the
         * user's own agent's phone; and no two users share one.
         */
        void userPhones(List<UserConfig> userConfigs, List<SipAccount> accounts) {
            Map<String, String> owners = new HashMap<>();
            for (int i = 0; i < userConfigs.size(); i++) {
                UserConfig u = userConfigs.get(i);
                if (u.phone() == null) {
                    continue;
                }
                String name = "user '" + u.username() + "'";
                SipAccount account = accounts.stream().filter(a -> u.phone().equals(a.username())).findFirst()
                        .orElse(null);
                if (account == null) {
                    value(path("users", i, "phone"), name + ": phone '" + u.phone() + "' is not a user name of"
                            + " sip.accounts; add {username: \"" + u.phone() + "\", ha1: …} there");
                } else if (account.agentId() != null && !account.agentId().equals(u.agentId())) {
                    value(path("users", i, "phone"), name + ": phone '" + u.phone() + "' is agent '"
                            + account.agentId() + "''s phone; a user's phone is one with no agentId (or their own agent's)");
                }
                String earlier = owners.putIfAbsent(u.phone(), u.username());
                if (earlier != null) {
                    value(path("users", i, "phone"), name + ": phone '" + u.phone() + "' already belongs to user '"
                            + earlier + "' (one user per phone)");
                }
            }
        }

        void routing(RoutingConfig routing, Set<String> reasonCodes) {
            if (routing.missedOffersBeforeNotReady() < 0) {
                value(path("routing", "missedOffersBeforeNotReady"), "missedOffersBeforeNotReady must be 0 (never) or more");
            }
            // The code is only used when missed offers put agents NOT_READY; then it must be a real one.
            if (routing.missedOffersBeforeNotReady() > 0 && !reasonCodes.contains(routing.missedReasonCode())) {
                value(path("routing", "missedReasonCode"), "routing.missedReasonCode '" + routing.missedReasonCode()
                        + "' is not declared in reasonCodes" + declared(reasonCodes));
            }
            notNegative(routing.declineReofferDelay(), path("routing", "declineReofferDelay"), "declineReofferDelay");
        }

        /** Checks ids are present, well-formed and unique; returns the valid ones. */
        <T> Set<String> ids(List<T> items, String list, String key, String noun, Function<T, String> idOf) {
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < items.size(); i++) {
                String id = idOf.apply(items.get(i));
                String at = path(list, i, key);
                if (isBlank(id)) {
                    value(at, list + "[" + i + "] has no " + key + "; every " + noun + " needs one");
                } else if (!ID.matcher(id).matches()) {
                    value(at, noun + " " + key + " '" + id + "' may only contain letters, digits, '.', '_', '-' and '@'");
                } else if (!seen.add(id)) {
                    value(at, "duplicate " + noun + " " + key + " '" + id + "' (" + key + "s must be unique)");
                }
            }
            return seen;
        }

        void queue(int i, QueueConfig q, Set<String> skills, Set<String> queues, Set<String> calendars) {
            String name = "queue '" + q.id() + "'";
            skillLevels(q.skills(), skills, name, "queues", i);
            if (q.serviceLevel().percent() < 1 || q.serviceLevel().percent() > 100) {
                value(path("queues", i, "serviceLevel", "percent"), name + ": service level percent must be 1..100, not "
                        + q.serviceLevel().percent());
            }
            positive(q.serviceLevel().threshold(), path("queues", i, "serviceLevel", "threshold"),
                    name + ": service level threshold");
            if (!strategies.contains(q.strategy())) {
                value(path("queues", i, "strategy"), name + ": unknown routing strategy '" + q.strategy()
                        + "'; known: " + String.join(", ", strategies));
            }
            if (q.priority().agingStep() != null) {
                positive(q.priority().agingStep(), path("queues", i, "priority", "agingStep"), name + ": agingStep");
            }
            overflow(i, q, queues);
            maxWait(i, q, queues);
            if (q.maxWaiting() < 0) {
                value(path("queues", i, "maxWaiting"), name + ": maxWaiting must be 0 (unlimited) or more");
            }
            notNegative(q.wrapUp(), path("queues", i, "wrapUp"), name + ": wrapUp");
            positive(q.offerTimeout(), path("queues", i, "offerTimeout"), name + ": offerTimeout");
            notNegative(q.stickyWindow(), path("queues", i, "stickyWindow"), name + ": stickyWindow");
            if (q.businessHours() != null && !calendars.contains(q.businessHours())) {
                value(path("queues", i, "businessHours"), name + ": business hours '" + q.businessHours()
                        + "' are not declared in businessHours" + declared(calendars));
            }
            whenClosed(i, q, queues);
        }

        void whenClosed(int i, QueueConfig q, Set<String> queues) {
            String name = "queue '" + q.id() + "'";
            String target = q.whenClosedQueue();
            if (q.whenClosed() != ClosedAction.REJECT && q.businessHours() == null) {
                value(path("queues", i, "whenClosed"), name + ": whenClosed " + q.whenClosed()
                        + " needs businessHours (a queue without a calendar is never closed)");
            }
            if (q.whenClosed() == ClosedAction.OVERFLOW && target == null) {
                value(path("queues", i, "whenClosed"), name
                        + ": whenClosed OVERFLOW needs whenClosedQueue (the queue that takes arrivals while closed)");
            }
            if (target == null) {
                return;
            }
            String at = path("queues", i, "whenClosedQueue");
            Set<Channel> targetChannels = queueList.stream().filter(o -> o.id().equals(target)).findFirst()
                    .map(QueueConfig::channels).orElse(null);
            if (q.whenClosed() != ClosedAction.OVERFLOW) {
                value(at, name + ": whenClosedQueue is only used with whenClosed OVERFLOW (here " + q.whenClosed() + ")");
            } else if (target.equals(q.id())) {
                value(at, name + " cannot overflow into itself while closed");
            } else if (targetChannels == null) {
                value(at, name + ": whenClosedQueue names queue '" + target + "', which is not declared"
                        + declared(queues));
            } else if (!targetChannels.containsAll(q.channels())) {
                value(at, name + ": whenClosedQueue '" + target + "' takes " + sortedNames(targetChannels)
                        + ", not all of " + sortedNames(q.channels()));
            }
        }

        void overflow(int i, QueueConfig q, Set<String> queues) {
            String name = "queue '" + q.id() + "'";
            Duration previous = null;
            for (int s = 0; s < q.overflow().size(); s++) {
                OverflowStep step = q.overflow().get(s);
                String at = path("queues", i, "overflow", s);
                if (step.after() == null) {
                    value(at, name + ": overflow step needs 'after' (how long an interaction waits before it applies)");
                } else if (notNegative(step.after(), at + "/after", name + ": overflow 'after'")) {
                    if (previous != null && step.after().compareTo(previous) <= 0) {
                        value(at + "/after", name + ": overflow steps must be in increasing 'after' order: " + step.after()
                                .toString().substring(2).toLowerCase() + " does not come after "
                                + previous.toString().substring(2).toLowerCase());
                    }
                    previous = step.after();
                }
                if (step.minLevel() != null && !isLevel(step.minLevel())) {
                    value(at + "/minLevel", name + ": minLevel must be " + MIN_SKILL_LEVEL + ".." + MAX_SKILL_LEVEL
                            + ", not " + step.minLevel());
                }
                for (int j = 0; j < step.alsoQueues().size(); j++) {
                    String other = step.alsoQueues().get(j);
                    if (other.equals(q.id())) {
                        value(at + "/alsoQueues/" + j, name + " cannot overflow into itself");
                    } else if (!queues.contains(other)) {
                        value(at + "/alsoQueues/" + j, name + ": overflow names queue '" + other + "', which is not declared"
                                + declared(queues));
                    }
                }
                if (step.minLevel() == null && step.alsoQueues().isEmpty()) {
                    value(at, name + ": overflow step does nothing; give it minLevel, alsoQueues or both");
                }
            }
        }

        void maxWait(int i, QueueConfig q, Set<String> queues) {
            Map<String, Set<Channel>> channelsOf = new HashMap<>();
            queueList.forEach(other -> channelsOf.putIfAbsent(other.id(), other.channels()));
            String name = "queue '" + q.id() + "'";
            if (q.maxWait() != null) {
                positive(q.maxWait(), path("queues", i, "maxWait"), name + ": maxWait");
            }
            String target = q.maxWaitQueue();
            if (q.maxWaitAction() == MaxWaitAction.QUEUE && target == null) {
                value(path("queues", i, "maxWaitAction"), name
                        + ": maxWaitAction QUEUE needs maxWaitQueue (the queue to move interactions to)");
            }
            if (target == null) {
                return;
            }
            String at = path("queues", i, "maxWaitQueue");
            if (q.maxWaitAction() != MaxWaitAction.QUEUE) {
                value(at, name + ": maxWaitQueue is only used with maxWaitAction QUEUE (here "
                        + q.maxWaitAction() + ")");
            } else if (target.equals(q.id())) {
                value(at, name + " cannot move interactions to itself");
            } else if (!queues.contains(target)) {
                value(at, name + ": maxWaitQueue names queue '" + target + "', which is not declared" + declared(queues));
            } else if (!channelsOf.get(target).containsAll(q.channels())) {
                value(at, name + ": maxWaitQueue '" + target + "' takes " + sortedNames(channelsOf.get(target))
                        + ", not all of " + sortedNames(q.channels()));
            }
        }

        void agent(int i, AgentConfig a, Set<String> skills) {
            skillLevels(a.skills(), skills, "agent '" + a.id() + "'", "agents", i);
            for (Map.Entry<Channel, Integer> c : a.capacity().entrySet()) {
                if (c.getValue() < 0) {
                    value(path("agents", i, "capacity", c.getKey().name()), "agent '" + a.id() + "': capacity for "
                            + c.getKey() + " must be 0 or more, not " + c.getValue());
                }
            }
        }

        void user(int i, UserConfig u, Set<String> agents, Map<String, String> usersByAgent) {
            String name = "user '" + u.username() + "'";
            if (u.role() == null) {
                value(path("users", i), name + " has no role; give role: AGENT, SUPERVISOR or ADMIN");
            } else if (u.role() == Role.AGENT && isBlank(u.agentId())) {
                value(path("users", i), name + " has role AGENT but no agentId; name the agent (from agents) they are");
            }
            if (!isBlank(u.agentId())) {
                String earlier = usersByAgent.putIfAbsent(u.agentId(), u.username());
                if (!agents.contains(u.agentId())) {
                    value(path("users", i, "agentId"), name + ": agent '" + u.agentId() + "' is not declared in agents"
                            + declared(agents));
                } else if (earlier != null) {
                    value(path("users", i, "agentId"), name + ": agent '" + u.agentId() + "' already belongs to user '"
                            + earlier + "' (one user per agent)");
                }
            }
            if (isBlank(u.passwordHash())) {
                value(path("users", i), name + " has no passwordHash; make one with: java -jar openucc.jar hash-password");
            } else if (!BCRYPT.matcher(u.passwordHash()).matches()) {
                // The value is not repeated: if someone pasted a clear-text password here, it stays off the screen.
                value(path("users", i, "passwordHash"), name + ": passwordHash is not a bcrypt hash ($2a$/$2b$/$2y$,"
                        + " cost 04..31, 60 characters); make one with: java -jar openucc.jar hash-password");
            }
        }

        void businessHours(int i, BusinessHoursConfig b) {
            String name = "business hours '" + b.id() + "'";
            for (Map.Entry<DayOfWeek, List<TimeRange>> day : b.week().entrySet()) {
                for (int r = 0; r < day.getValue().size(); r++) {
                    TimeRange range = day.getValue().get(r);
                    if (!range.from().isBefore(range.to())) {
                        value(path("businessHours", i, "week", day.getKey().name(), r), name + ": opening time " + range.from()
                                + " must be before closing time " + range.to() + " (ranges cannot pass midnight;"
                                + " split them into two days)");
                    }
                }
            }
        }

        private void skillLevels(Map<String, Integer> levels, Set<String> skills, String owner, String list, int i) {
            for (Map.Entry<String, Integer> e : levels.entrySet()) {
                String at = path(list, i, "skills", e.getKey());
                if (!skills.contains(e.getKey())) {
                    violations.add(ConfigViolation.atKey(at, owner + ": skill '" + e.getKey()
                            + "' is not declared in skills" + declared(skills)));
                }
                if (!isLevel(e.getValue())) {
                    value(at, owner + ": skill level must be " + MIN_SKILL_LEVEL + ".." + MAX_SKILL_LEVEL
                            + ", not " + e.getValue());
                }
            }
        }

        private boolean notNegative(Duration d, String at, String what) {
            if (d != null && d.isNegative()) {
                value(at, what + " must not be negative");
                return false;
            }
            return true;
        }

        private void positive(Duration d, String at, String what) {
            if (notNegative(d, at, what) && d != null && d.isZero()) {
                value(at, what + " must be longer than 0");
            }
        }

        private void value(String at, String message) {
            violations.add(ConfigViolation.at(at, message));
        }
    }

    private static String sortedNames(Set<Channel> channels) {
        return new TreeSet<>(channels).toString();
    }

    private static boolean isLevel(int level) {
        return level >= MIN_SKILL_LEVEL && level <= MAX_SKILL_LEVEL;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** " (declared: a, b, c)", shortened for long lists so a message stays one readable line. */
    private static String declared(Set<String> ids) {
        if (ids.isEmpty()) {
            return " (none are declared)";
        }
        Set<String> sorted = new TreeSet<>(ids);
        if (sorted.size() > 15) {
            return " (" + sorted.size() + " are declared)";
        }
        return " (declared: " + String.join(", ", sorted) + ")";
    }
}
