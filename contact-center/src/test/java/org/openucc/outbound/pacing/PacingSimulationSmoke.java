package org.openucc.outbound.pacing;

import org.junit.jupiter.api.Test;

class PacingSimulationSmoke {
    @Test
    void run() {
        for (String spec : System.getProperty("runs", "20:PROGRESSIVE,20:PREDICTIVE,50:PROGRESSIVE,50:PREDICTIVE").split(",")) {
            int agents = Integer.parseInt(spec.split(":")[0]);
            DialingMode mode = DialingMode.valueOf(spec.split(":")[1]);
            long t0 = System.nanoTime();
            var r = DialerSimulation.run(PacingConfig.defaults(mode, DialerSimulation.zone()).withAbandonLimit(Double.parseDouble(System.getProperty("limit", "0.03")), Double.parseDouble(System.getProperty("target", "0.02"))),
                    DialerSimulation.Settings.of(agents, Integer.getInteger("days", 1), Long.getLong("seed", 1))
                            .withDecideOnEvents(Boolean.parseBoolean(System.getProperty("onEvents", "true"))));
            System.out.println(r + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }
}
