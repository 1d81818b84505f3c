package org.openucc.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openucc.outbound.pacing.DialerSimulation;
import org.openucc.outbound.pacing.DialingMode;
import org.openucc.outbound.pacing.PacingConfig;

/**
 * Outbound pacing on a simulated campaign: the discrete-event {@link DialerSimulation} (contact-center test
 * jar) over the production {@code CampaignPacer}, progressive against predictive, N agents, consecutive
 * 8-hour shifts and the 30-day rolling abandon rate.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.openucc.bench.PacingBenchmark [--agents 20,50] [--days 30]
 *     [--hours 8] [--seed 1] [--machine-share 0] [--limit 0.03] [--target 0.02] [--on-events false]
 *     [--wrap-up 0,5]
 * </pre>
 */
public final class PacingBenchmark {
    private PacingBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, String> o = options(args);
        int days = Integer.parseInt(o.getOrDefault("days", "30"));
        double hours = Double.parseDouble(o.getOrDefault("hours", "8"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        double machineShare = Double.parseDouble(o.getOrDefault("machine-share", "0"));
        double limit = Double.parseDouble(o.getOrDefault("limit", "0.03"));
        double target = Double.parseDouble(o.getOrDefault("target", String.valueOf(limit * 2 / 3)));
        // the runtime decides every ~200 ms and after every event; deciding after events too costs ~3x the CPU
        boolean onEvents = Boolean.parseBoolean(o.getOrDefault("on-events", "false"));
        String wrapUps = o.getOrDefault("wrap-up", "0,5");
        System.out.printf(Locale.ROOT, "%d days x %.1f h shifts, seed %d: answered 30 %% (machines %.0f %% of those), rings 5-20 s,"
                + " no answer at the 25 s ring timeout, talk exponential mean 60 s, wrap-up %s s, abandon after 2 s,"
                + " limit %.1f %%, predictive target %.1f %%, pacer decides every 200 ms%s%n", days, hours, seed, machineShare * 100,
                wrapUps.replace(",", " or "), limit * 100, target * 100, onEvents ? " and after every event" : "");
        System.out.println("occupancy = talk time / logged-in time (wrap-up and idle are not talk)");
        System.out.println();
        System.out.println("| wrap-up | agents | mode | occupancy | abandon % (30-day) | highest 30-day % seen"
                + " | calls placed / agent-hour | connected / agent-hour | abandoned / answered by a person | CPU s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String w : wrapUps.split(",")) {
            double wrapUp = Double.parseDouble(w.trim());
            for (String a : o.getOrDefault("agents", "20,50").split(",")) {
                int agents = Integer.parseInt(a.trim());
                for (DialingMode mode : new DialingMode[] {DialingMode.PROGRESSIVE, DialingMode.PREDICTIVE}) {
                    PacingConfig config = PacingConfig.defaults(mode, DialerSimulation.zone()).withAbandonLimit(limit, target);
                    DialerSimulation.Settings settings = DialerSimulation.Settings.of(agents, days, seed)
                            .withShift(Duration.ofMinutes(Math.round(hours * 60))).withMachineShare(machineShare)
                            .withDecideOnEvents(onEvents).withWrapUp(wrapUp);
                    long cpu0 = cpuNanos();
                    DialerSimulation.Result r = DialerSimulation.run(config, settings);
                    double cpu = (cpuNanos() - cpu0) / 1e9;
                    System.out.printf(Locale.ROOT, "| %.0f s | %d | %s | %.1f %% | %.2f %% | %.2f %% | %.1f | %.1f | %,d / %,d | %.0f |%n",
                            wrapUp, agents, mode.name().toLowerCase(Locale.ROOT), r.occupancy() * 100,
                            r.abandonRate30Days() * 100, r.highestDailyRate30Days() * 100, r.callsPerAgentHour(),
                            r.connectsPerAgentHour(), r.abandoned(), r.liveAnswers(), cpu);
                }
            }
        }
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, found " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }
}
