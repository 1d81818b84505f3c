package org.openucc.outbound.pacing;

/**
 * The probabilistic half of predictive pacing. The people who will answer (calls in flight and new ones, each
 * answered by a person with its own probability) and the agents free by then (ready ones surely, talking and
 * wrapping-up ones each with its own probability) are sums of independent Bernoulli variables; their
 * difference D is taken as normal (mean and variance add up). The expected abandoned calls are E[max(D, 0)],
 * and the expected abandon ratio is that over the expected answers.
 */
final class AbandonRisk {
    private double answersMean;
    private double answersVariance;
    private double agentsMean;
    private double agentsVariance;

    void addCall(double pLive) {
        answersMean += pLive;
        answersVariance += pLive * (1 - pLive);
    }

    void addAgent(double pFree) {
        agentsMean += pFree;
        agentsVariance += pFree * (1 - pFree);
    }

    double expectedAnswers() {
        return answersMean;
    }

    /** Expected abandon ratio if {@code n} more calls, each answered by a person with {@code pLive}, were placed. */
    double ratioWith(int n, double pLive) {
        double answers = answersMean + n * pLive;
        if (answers <= 0) {
            return 0;
        }
        double mean = answers - agentsMean;
        double variance = answersVariance + n * pLive * (1 - pLive) + agentsVariance;
        return expectedExcess(mean, variance) / answers;
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
