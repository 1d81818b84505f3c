package org.openucc.bench;

import java.util.Arrays;

/** Entry point of the benchmark jar: {@code java -jar benchmarks/target/benchmarks.jar <name> [options]}. */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.out.println("usage: java -jar benchmarks.jar <benchmark> [options]");
            System.out.println("  cluster [--commands N] [--rounds R]   routing port local vs another node, failover time (PostgreSQL)");
            System.out.println("  routing [--quick]   ACD engine: decisions/s, latency, scaling, run-time changes");
            System.out.println("  screenpop [--agents N] [--interactions N] [--rate R]   offer → screen pop at agents' WebSockets");
            System.out.println("  reports [--interactions N] [--days D] [--agents A] [--dir DIR] [--jdbc-url URL]   30-day historical reports");
            System.out.println("  asterisk [--rates 5,10,20,40,80] [--seconds 15]   app_queue vs OpenUCC over AGI/AMI on a real Asterisk");
            System.out.println("  pacing [--agents 20,50] [--days 30] [--hours 8] [--seed 1]   simulated campaign: progressive vs predictive dialing");
            System.out.println("  soak [--rate 150] [--minutes 60] [--agents N] [--jvm \"OPTS\"] [--log-commit-interval 0ms] [--h2-cache-mb MB] the server in its own JVM under steady calls: memory slope, nothing left behind");
            System.out.println("  log [--rate 100] [--seconds 60] [--call-ms 3000]    the interaction log's durable path alone (H2): bytes and CPU per call by thread");
            System.out.println("  campaign-sip [--agents 10,20] [--modes PREDICTIVE,PROGRESSIVE] [--seconds 180]   campaigns over real SIP (sipp network + phones)");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "routing" -> RoutingBenchmark.main(rest);
            case "screenpop" -> ScreenPopBenchmark.main(rest);
            case "reports" -> ReportsBenchmark.main(rest);
            case "asterisk" -> AsteriskBenchmark.main(rest);
            case "pacing" -> PacingBenchmark.main(rest);
            case "campaign-sip" -> CampaignSipBenchmark.main(rest);
            case "cluster" -> ClusterBenchmark.main(rest);
            case "soak" -> SoakBenchmark.main(rest);
            case "log" -> LogWriterBenchmark.main(rest);
            default -> {
                System.err.println("unknown benchmark: " + args[0]);
                System.exit(2);
            }
        }
    }
}
