/**
 * {@code GET /metrics}: the Prometheus scrape of {@code org.openucc.metrics}, for supervisors, admins
 * and a scraper holding the configured token.
 */
package org.openucc.http.metrics;
