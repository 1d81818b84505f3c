package org.openucc.telephony;

import java.util.concurrent.Executor;

/**
 * The serial executor under its old name, kept so that code not yet moved (the chat service, work
 * in progress in {@code voice}) still compiles.
 *
 * @deprecated use {@link org.openucc.concurrent.SerialExecutor}; this alias goes once nothing imports it.
 */
@Deprecated(forRemoval = true)
public final class SerialExecutor extends org.openucc.concurrent.SerialExecutor {
    public SerialExecutor(Executor pool, String name) {
        super(pool, name);
    }
}
