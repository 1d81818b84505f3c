/**
 * The REST API under {@code /api} ({@link org.openucc.api.RestApi}): customers, the CSV import,
 * interactions, agents, queues, reports and the OpenAPI description. It is an edge: it maps requests
 * to the services' calls and their domain exceptions to HTTP statuses, on top of {@code http}.
 *
 * <p>Owns: resource shapes, request validation and status codes of the public API.
 *
 * <p>Must not be depended on by the domain or the channels ({@code routing}, {@code interaction},
 * {@code ivr}, {@code voice}, {@code chat}, {@code email}, {@code callback}, {@code cti},
 * {@code channels}; {@code GuardRailsTest}); must not use JDBC ({@code AdapterBoundariesTest}) or the
 * ACD engine's objects (the routing port only). Something the channels also need (such as taking an
 * interaction in) belongs in a service below it, not here.
 */
package org.openucc.api;
