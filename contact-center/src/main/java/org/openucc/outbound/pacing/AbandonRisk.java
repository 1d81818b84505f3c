package org.openucc.outbound.pacing;

/**
 * The probabilistic half of predictive pacing, on a grid of instants t = 0, 1 s, … up to the ring timeout.
 * A(t) counts the people who will have answered by t (calls in flight and new ones, each with its own chance),
 * F(t) the agents free by t plus the abandon time (ready ones surely, talking and wrapping-up ones with their
 * own chances). With answers that find no free agent lost, the abandoned calls are sup_t (A(t) − F(t))⁺
 * (the reflection of A − F at zero); this takes the largest E[(A(t) − F(t))⁺] over the grid, each difference
 * a sum of independent Bernoulli variables taken as normal. The feedback controller makes up for the gap
 * between the largest expectation and the expected largest.
 */
final class AbandonRisk {
    private final double[] answersMean;
    private final double[] answersVariance;
    private final double[] agentsMean;
    private final double[] agentsVariance;
    private final double[] newCallAnswered;

    /** @param slots grid instants (the caller decides their spacing) */
    AbandonRisk(int slots) {
        answersMean = new double[slots];
        answersVariance = new double[slots];
        agentsMean = new double[slots];
        agentsVariance = new double[slots];
        newCallAnswered = new double[slots];
    }

    int slots() {
        return answersMean.length;
    }

    /** {@code calls} calls in flight are each answered by a person by slot {@code k} with chance {@code p}. */
    void addAnswers(int k, double p, int calls) {
        answersMean[k] += calls * p;
        answersVariance[k] += calls * p * (1 - p);
    }

    /** {@code agents} agents are each free by slot {@code k} (plus the abandon time) with chance {@code p}. */
    void addAgents(int k, double p, int agents) {
        agentsMean[k] += agents * p;
        agentsVariance[k] += agents * p * (1 - p);
    }

    /** A new call would be answered by a person by slot {@code k} with chance {@code p}. */
    void newCall(int k, double p) {
        newCallAnswered[k] = p;
    }

    /** Expected abandoned / expected answered if {@code n} new calls were placed now. */
    double ratioWith(int n) {
        int last = slots() - 1;
        double answers = answersMean[last] + n * newCallAnswered[last];
        if (answers <= 0) {
            return 0;
        }
        double worst = 0;
        for (int k = 0; k <= last; k++) {
            double p = newCallAnswered[k];
            double mean = answersMean[k] + n * p - agentsMean[k];
            double variance = answersVariance[k] + n * p * (1 - p) + agentsVariance[k];
            worst = Math.max(worst, expectedExcess(mean, variance));
        }
        return worst / answers;
    }

    /** The largest chance over the grid that more than {@code budget} calls are abandoned, with {@code n} new calls. */
    double chanceOfMoreThan(double budget, int n) {
        double worst = 0;
        for (int k = 0; k < slots(); k++) {
            double p = newCallAnswered[k];
            double mean = answersMean[k] + n * p - agentsMean[k];
            double variance = answersVariance[k] + n * p * (1 - p) + agentsVariance[k];
            double chance = variance < 1e-12 ? (mean > budget ? 1 : 0) : 1 - bigPhi((budget - mean) / Math.sqrt(variance));
            worst = Math.max(worst, chance);
        }
        return worst;
    }

    /** E[max(D, 0)] for D normal with this mean and variance. */
    static double expectedExcess(double mean, double variance) {
        if (variance < 1e-12) {
            return Math.max(mean, 0);
        }
        double sd = Math.sqrt(variance);
        double z = mean / sd;
        return Math.max(0, sd * phi(z) + mean * bigPhi(z));
    }

    private static double phi(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    /** Standard normal CDF (Zelen and Severo 26.2.17, error below 7.5e-8). */
    static double bigPhi(double z) {
        if (z < -8) {
            return 0;
        }
        if (z > 8) {
            return 1;
        }
        double t = 1 / (1 + 0.2316419 * Math.abs(z));
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double upper = phi(z) * poly;
        return z >= 0 ? 1 - upper : upper;
    }
}
