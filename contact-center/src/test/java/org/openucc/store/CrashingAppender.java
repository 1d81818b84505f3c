package org.openucc.store;

import java.nio.file.Path;
import java.time.InstantSource;
import org.openucc.crm.Customer;
import org.openucc.crm.CustomerDraft;
import org.openucc.interaction.Tier;
import org.openucc.log.LogEvent;
import org.openucc.log.NewLogEvent;

/**
 * Child process of {@link CrashDurabilityTest}: appends log events and creates customers as fast as
 * it can from two threads, printing "ACK ..." only after each write returned (was acknowledged).
 * It never stops by itself; the test kills it with SIGKILL.
 */
public final class CrashingAppender {
    private CrashingAppender() {
    }

    public static void main(String[] args) {
        StoreServices store = StoreServices.start(StoreFixture.config(false, 0), Path.of(args[0]), InstantSource.system());
        Thread crm = new Thread(() -> {
            for (int i = 0; ; i++) {
                Customer c = store.customers().create(CustomerDraft.of("Crash " + i, Tier.B, "CR-" + i));
                ack("ACK-CUSTOMER " + c.id());
            }
        }, "crm-writer");
        crm.setDaemon(true);
        crm.start();
        for (int i = 0; ; i++) {
            LogEvent e = store.interactionLog().append(NewLogEvent.failed(null, "crash-" + i, "test")).join();
            ack("ACK-EVENT " + e.id() + " " + e.interactionId());
        }
    }

    private static synchronized void ack(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
