/**
 * Historical reports from the interaction log: what each interaction and agent contributes to a
 * report ({@link org.openucc.reports.InteractionFacts}, {@link org.openucc.reports.AgentStateSpans}),
 * kept as per-interval sums that follow the log as it is written ({@link org.openucc.reports.ReportAggregator}),
 * and reports read from those sums in the center's time zone ({@link org.openucc.reports.Reports}).
 * Storage is behind the {@link org.openucc.reports.ReportStore} port: no JDBC here.
 */
package org.openucc.reports;
