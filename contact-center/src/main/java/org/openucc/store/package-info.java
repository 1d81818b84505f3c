/**
 * The JDBC adapter for the CRM store and the interaction log (embedded H2 in file mode by default,
 * PostgreSQL through the configured URL; portable SQL, Flyway migrations in {@code db/store/}).
 *
 * <p>Wiring, in the composition root:
 * <pre>
 * StoreServices store = StoreServices.start(config.store(), Path.of(config.server().dataDir()), clock);
 * routingService.setJournal(store.routingRecorder());   // engine events into the log before they are dispatched
 * // ... HTTP/CTI use store.customers(), notes(), tasks(), cases(), lookup(), csvImport(), interactionLog()
 * // stop: routingService.close(); then store.close();  (the log writer drains its queue, then the pool closes)
 * </pre>
 */
package org.openucc.store;
