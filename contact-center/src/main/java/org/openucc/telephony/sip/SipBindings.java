package org.openucc.telephony.sip;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The registrations every node of a cluster shares, so that a call's B2BUA on one node can ring a phone that
 * registered through another. The registrar keeps its own view (what calls are dialled from) and publishes its
 * changes here; each change any node makes is told to every node's registrar by key, which then reads the key's
 * binding again. A single node has none of this (its registrar alone holds its bindings).
 */
public interface SipBindings {
    /** This node's id, written into the bindings its registrar takes. */
    String node();

    /** Shares {@code binding} (replacing the key's) until it expires. */
    void publish(SipBinding binding);

    /** Removes the key's binding, whatever it is (the phone unregistered). */
    void remove(String key);

    /** Removes {@code binding} if the key still has exactly it (it expired; a newer one stays). */
    void withdraw(SipBinding binding);

    /** The key's shared binding now, if any. */
    Optional<SipBinding> get(String key);

    /** Every shared binding now. */
    Collection<SipBinding> all();

    /**
     * Calls {@code changed} with the key of every binding that any node (this one included) adds, replaces or
     * removes, or that expires, and {@code memberLeft} when a node leaves the cluster, from now until the returned
     * handle is closed. Called on a library thread: hand on. The changes are told on a best-effort basis (a node
     * that leaves may take its last ones with it): after {@code memberLeft}, read everything again.
     */
    AutoCloseable watch(Consumer<String> changed, Runnable memberLeft);
}
