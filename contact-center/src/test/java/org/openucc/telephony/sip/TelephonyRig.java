package org.openucc.telephony.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openucc.config.SipConfig;
import org.openucc.telephony.CallControl;
import org.openucc.telephony.CallEvent;
import org.openucc.telephony.Prompt;
import org.openucc.telephony.media.RecordingFiles;

/** SipTelephony alone, with a test handler that hands every inbound call to the test. */
final class TelephonyRig implements AutoCloseable {
    final SipTelephony telephony;
    final LinkedBlockingQueue<CallControl> inbound = new LinkedBlockingQueue<>();
    final List<CallEvent> events = new CopyOnWriteArrayList<>();
    final Path dir;
    final List<TestPhone> phones = new ArrayList<>();

    TelephonyRig() throws Exception {
        this(null);
    }

    /** @param transactionTimeout sip.transactionTimeout (64*T1), or null for its default */
    TelephonyRig(Duration transactionTimeout) throws Exception {
        this(transactionTimeout, null);
    }

    /**
     * @param transactionTimeout sip.transactionTimeout (64*T1), or null for its default
     * @param mediaTimeout       sip.mediaTimeout (no RTP this long: hung up), or null for its default
     */
    TelephonyRig(Duration transactionTimeout, Duration mediaTimeout) throws Exception {
        dir = Files.createTempDirectory("openucc-telephony");
        SipConfig config = new SipConfig("127.0.0.1", 0, Set.of("udp", "tcp"), SipRig.REALM, 45_000, 49_999,
                List.of(new org.openucc.config.ServiceNumber("1000", "support", null)), // strangers may call 1000 only
                List.of(SipCredentials.account("ann", "ann", SipRig.REALM, "secret-ann")), SipRig.promptDir().toString(),
                null, Duration.ofSeconds(5), dir.toString(), Duration.ofSeconds(1),
                Duration.ofHours(1), true).withTransactionTimeout(transactionTimeout)
                .withMediaTimeout(mediaTimeout);
        telephony = new SipTelephony(config, SipCredentials.of(config.accounts()), SipRig.promptFiles(),
                RecordingFiles.in(dir));
        telephony.onInboundCall(call -> {
            call.addListener(events::add);
            inbound.add(call);
        });
        telephony.start();
    }

    CallControl nextCall() throws InterruptedException {
        CallControl c = inbound.poll(5, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no inbound call within 5 s");
        }
        return c;
    }

    TestPhone phone(String user) throws Exception {
        TestPhone p = new TestPhone(user, "127.0.0.1", telephony.port());
        phones.add(p);
        return p;
    }

    /** A file of the English prompt library, through the catalog's file escape hatch. */
    Prompt prompt(String name) {
        return Prompt.file(SipRig.promptDir().resolve(name).toString());
    }

    @Override
    public void close() {
        phones.forEach(TestPhone::close);
        telephony.stop();
    }
}
