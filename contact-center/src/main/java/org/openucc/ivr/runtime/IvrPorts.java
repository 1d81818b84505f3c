package org.openucc.ivr.runtime;

import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * Everything the runtime talks to, as ports: the server wires adapters (CRM store, ACD, interaction
 * log, JDK HTTP client), tests wire harnesses.
 *
 * @param pool where call sessions run (each call serially); never an event loop
 */
public record IvrPorts(CustomerDirectory customers, IvrRouting routing, IvrJournal journal, HttpFetcher http,
                       IvrTimers timers, InstantSource clock, Executor pool) {
}
