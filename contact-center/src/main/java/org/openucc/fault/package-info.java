/**
 * The failures services report to whoever called them, in the domain's words: bad input, a state that
 * does not allow the command, a limit reached (with when to try again), content refused for its size or
 * type, something this server does not support as set up, a service or a peer that is not
 * there. Only {@code http}/{@code api} turn them into status codes (convention 10). Not-found is
 * {@link org.openucc.crm.NotFoundException}; the ACD's own refusals are
 * {@link org.openucc.routing.RoutingException}.
 */
package org.openucc.fault;
