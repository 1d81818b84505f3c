package org.openucc.api;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.openucc.ContactCenter;
import org.openucc.TestConfigs;
import org.openucc.config.ApiConfig;
import org.openucc.config.ContactCenterConfig;
import org.openucc.config.ServerConfig;
import org.openucc.config.StoreConfig;
import org.openucc.config.loader.ConfigLoader;

/**
 * The shipped demo configuration (queues, agents, demo users with their demo passwords) on
 * 127.0.0.1, a free port and a temporary data directory, with 50 demo customers (the well-known ones among them) and a login
 * throttle of 3 failures, so tests meet the server a new user meets; its calendars are open around
 * the clock so that queues take work whenever the test runs (closed-hours tests set their own), and
 * agents are offered calls without a registered phone (sip.requireRegisteredPhone false).
 */
public final class TestServer implements AutoCloseable {
    public static final Path DEMO_CONFIG = Path.of("..", "config", "contact-center.yaml");
    public static final ApiConfig TEST_API = new ApiConfig(null, null, 16 * 1024, 64 * 1024, 3, 1000, null, null, null, null);

    private final ContactCenter contactCenter;

    private TestServer(ContactCenterConfig config) {
        this.contactCenter = new ContactCenter(config);
        contactCenter.start();
    }

    public static ContactCenterConfig config(Path dataDir) throws Exception {
        ContactCenterConfig demo = new ConfigLoader().load(DEMO_CONFIG);
        ContactCenterConfig runnable = TestConfigs.alwaysOpen(TestConfigs.runnableFromTests(demo));
        return runnable.withServer(new ServerConfig("127.0.0.1", 0, dataDir.toString()))
                .withStore(new StoreConfig(null, null, null, 0, null, true, 50, 0, 0, 8))
                .withApi(TEST_API)
                // Voice interactions created through the API reach console-only agents (no SIP phone);
                // tests of the phone requirement turn it back on.
                .withSip(runnable.sip().withRequireRegisteredPhone(false));
    }

    public static TestServer start(Path dataDir) throws Exception {
        return new TestServer(config(dataDir));
    }

    public static TestServer start(Path dataDir, UnaryOperator<ContactCenterConfig> change) throws Exception {
        return new TestServer(change.apply(config(dataDir)));
    }

    public ContactCenter contactCenter() {
        return contactCenter;
    }

    public int port() {
        return contactCenter.http().port();
    }

    @Override
    public void close() {
        contactCenter.stop();
    }
}
