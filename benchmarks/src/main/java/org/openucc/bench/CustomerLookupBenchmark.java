package org.openucc.bench;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.openucc.config.StoreConfig;
import org.openucc.crm.ContactDraft;
import org.openucc.crm.CustomerDraft;
import org.openucc.crm.CustomerMatch;
import org.openucc.crm.CustomerStore;
import org.openucc.crm.LookupKey;
import org.openucc.crm.Phone;
import org.openucc.interaction.Tier;
import org.openucc.store.CustomerInserts;
import org.openucc.store.StoreServices;

/**
 * Customer lookup by caller number at scale, on the embedded H2 store in file mode: loads N
 * customers (default 1,000,000), each with one contact, one phone and one email, through the same
 * batch insert path as CSV import; then looks random callers up by the number as a phone system
 * would send it in national format (so normalization is measured too) and prints load time,
 * latency percentiles and throughput. Target: p99 under 1 ms.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar org.openucc.bench.CustomerLookupBenchmark [customers] [dataDir] [h2CacheMb]
 * </pre>
 * A dataDir already holding the customers is reused (the load is skipped).
 */
public final class CustomerLookupBenchmark {
    private static final String[] AREAS = {"30", "40", "89", "221", "69", "711", "211", "341", "351", "511", "911", "421"};
    private static final int LOAD_BATCH = 10_000;

    private CustomerLookupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("openucc-lookup-bench");
        int cacheMb = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        StoreConfig config = new StoreConfig(null, null, null, 8, "DE", false, 0, 10, 0, cacheMb);
        System.out.printf(Locale.ROOT, "customer lookup benchmark: %,d customers, H2 file mode in %s, H2 cache %d MB,"
                + " %d cores, Java %s%n", customers, dir, config.h2CacheMb(), Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        try (StoreServices store = StoreServices.start(config, dir, InstantSource.system())) {
            load(store, customers);
        }
        compact(config, dir);
        try (StoreServices store = StoreServices.start(config, dir, InstantSource.system())) {
            CustomerStore crm = store.customers();
            check(crm, customers);
            latency("warm-up", crm, customers, 100_000, 1);
            latency("lookup by phone (customer + contact)", crm, customers, 300_000, 2);
            screenPop(store, customers, 50_000);
            throughput(crm, customers, 2, 10);
        }
    }

    private static boolean load(StoreServices store, int customers) {
        long existing = store.customers().count();
        if (existing >= customers) {
            System.out.printf(Locale.ROOT, "load: skipped, the store already holds %,d customers%n", existing);
            return false;
        }
        if (existing > 0) {
            throw new IllegalStateException("the data directory holds " + existing + " customers, not " + customers
                    + "; use an empty directory");
        }
        long start = System.nanoTime();
        java.time.Instant now = java.time.Instant.now();
        for (int from = 0; from < customers; from += LOAD_BATCH) {
            int to = Math.min(customers, from + LOAD_BATCH);
            int first = from;
            store.database().write("loading customers " + from, c -> {
                try (CustomerInserts inserts = new CustomerInserts(c)) {
                    for (int i = first; i < to; i++) {
                        String id = String.format(Locale.ROOT, "cus_b%07d", i);
                        CustomerDraft customer = new CustomerDraft("Bench Customer " + i, Tier.values()[i % 4], null, null,
                                String.valueOf(1_000_000 + i), List.of(), Map.of(), null);
                        inserts.addCustomer(id, customer, null, now);
                        ContactDraft contact = new ContactDraft("Contact " + i, null, List.of(new Phone(e164(i), "work")),
                                List.of("contact" + i + "@bench.example"), null);
                        inserts.addContact(String.format(Locale.ROOT, "con_b%07d", i), id, contact, now);
                    }
                    inserts.execute();
                }
                return null;
            });
            if ((to / LOAD_BATCH) % 10 == 0 || to == customers) {
                double s = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "  loaded %,d customers in %.1f s (%,.0f customers/s)%n", to, s, to / s);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "load: %,d customers (+ contact, phone, email each) in %.1f s = %,.0f customers/s%n",
                customers, seconds, customers / seconds);
        return true;
    }

    /**
     * A bulk load leaves H2's file full of superseded chunks that its background thread would compact
     * during the measurement (and a heap full of the load's leftovers); compact once and measure a
     * settled file in a freshly opened store, as after a server restart.
     */
    private static void compact(StoreConfig config, Path dir) throws Exception {
        Path file = dir.resolve("openucc.mv.db");
        long before = Files.size(file);
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(config.jdbcUrlIn(dir), config.user(), config.password());
             Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        System.out.printf(Locale.ROOT, "compacted the database file from %,d MB to %,d MB in %.1f s%n", before / 1_000_000,
                Files.size(file) / 1_000_000, (System.nanoTime() - start) / 1e9);
    }

    /** Loaded numbers are E.164 already (as CrmRules would store them); lookups type them nationally. */
    static String e164(int i) {
        return "+49" + AREAS[i % AREAS.length] + (10_000_000 + i);
    }

    static String national(int i) {
        return "0" + AREAS[i % AREAS.length] + " " + (10_000_000 + i);
    }

    private static void check(CustomerStore crm, int customers) {
        int i = customers / 2;
        CustomerMatch m = crm.lookup(LookupKey.phone(national(i))).orElseThrow(() ->
                new IllegalStateException("customer " + i + " not found by " + national(i)));
        if (!m.customer().name().equals("Bench Customer " + i)) {
            throw new IllegalStateException("wrong customer for " + national(i) + ": " + m.customer().name());
        }
    }

    private static void latency(String what, CustomerStore crm, int customers, int lookups, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] nanos = new long[lookups];
        long start = System.nanoTime();
        for (int n = 0; n < lookups; n++) {
            String number = national(r.nextInt(customers));
            long t0 = System.nanoTime();
            if (crm.lookup(LookupKey.phone(number)).isEmpty()) {
                throw new IllegalStateException("no customer for " + number);
            }
            nanos[n] = System.nanoTime() - t0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        print(what, nanos, lookups / seconds);
    }

    private static void screenPop(StoreServices store, int customers, int lookups) {
        SplittableRandom r = new SplittableRandom(3);
        long[] nanos = new long[lookups];
        long start = System.nanoTime();
        for (int n = 0; n < lookups; n++) {
            String number = national(r.nextInt(customers));
            long t0 = System.nanoTime();
            store.lookup().lookup(LookupKey.phone(number)).orElseThrow();
            nanos[n] = System.nanoTime() - t0;
        }
        print("screen pop (+ open cases, tasks, last 10 interactions)", nanos, lookups / ((System.nanoTime() - start) / 1e9));
    }

    private static void throughput(CustomerStore crm, int customers, int threads, int seconds) throws InterruptedException {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long seed = 100 + t;
            workers[t] = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                while (System.nanoTime() < end) {
                    crm.lookup(LookupKey.phone(national(r.nextInt(customers)))).orElseThrow();
                    done.increment();
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.printf(Locale.ROOT, "throughput, %d threads for %d s: %,.0f lookups/s%n", threads, seconds,
                done.sum() / (double) seconds);
    }

    private static void print(String what, long[] nanos, double perSecond) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: %,d lookups, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms, %,.0f lookups/s"
                        + " (one thread)%n", what, sorted.length, ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 0.999),
                sorted[sorted.length - 1] / 1e6, perSecond);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
