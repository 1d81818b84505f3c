/**
 * Prometheus metrics (Micrometer) over what the components already expose: the ACD's events and
 * queries through the routing port, the interaction log's writer statistics and commits, the SIP
 * component's health figures, the doors' rejection counts, the JVM and the process. The only package
 * that uses Micrometer; the HTTP edge serves its scrape at {@code /metrics} ({@code http.metrics}).
 *
 * <p>Must not be used by: the domain, the channels or the store (they expose figures; this reads them).
 */
package org.openucc.metrics;
