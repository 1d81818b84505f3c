package org.openucc.telephony.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TooManyListenersException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ServerHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that creates and configures the jain-sip stack (the RI under {@code gov.nist}):
 * listening points for UDP and TCP on one address and port, the provider and the factories, plus
 * small helpers to build and send responses. Swapping the SIP implementation means changing this
 * class (and the Maven artifact), nothing else.
 */
final class SipEndpoint {
    private static final Logger log = LoggerFactory.getLogger(SipEndpoint.class);
    static final String USER_AGENT = "OpenUCC";
    private static final AtomicLong STACKS = new AtomicLong();

    private final String host;
    private final int configuredPort;
    private final Set<String> transports;
    private int port;
    /** Templates of our Contact by user and transport (a handful): cloned into each message. */
    private final java.util.Map<String, ContactHeader> contacts = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile ServerHeader server;
    private SipStack stack;
    private SipProvider provider;
    private HeaderFactory headers;
    private AddressFactory addresses;
    private MessageFactory messages;

    SipEndpoint(String host, int port, Set<String> transports) {
        this.host = host;
        this.configuredPort = port;
        this.transports = transports;
    }

    void start(SipListener listener) throws IOException {
        port = configuredPort == 0 ? freePort(host) : configuredPort;
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "openucc-" + STACKS.incrementAndGet() + "-" + port);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", String.valueOf(RightSizedDatagrams.CHANNEL_THREADS));
        // UDP datagrams arrive in arrays of their own size, not in a new 64 KiB buffer each (the RI's receiver
        // allocated half of all the server's bytes under call load: benchmarks/SIP-LOAD.md).
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", RightSizedDatagrams.class.getName());
        // Defences against oversized input (TCP framing) and state exhaustion under load.
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "100000");
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "100000");
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", String.valueOf(4 * 1024 * 1024));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", String.valueOf(4 * 1024 * 1024));
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        // A terminated transaction keeps its request as bytes while it lingers (Timer J: 32 s for the caller's
        // BYE) and the RI parses them back once to remove it. That encode / re-parse is ~7 % of the sampled CPU
        // and 13-17 % of the bytes, but keeping the parsed request instead ("None") cost more than it saved at
        // 100 calls/s: +40 MB heap after GC and more collector time (benchmarks/SIP-LOAD.md, 2026-12-07).
        p.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        try {
            stack = new ResponseMatchingStack(p); // the RI's stack (what factory.createSipStack makes), see there
            headers = factory.createHeaderFactory();
            addresses = factory.createAddressFactory();
            messages = factory.createMessageFactory();
            List<ListeningPoint> points = new ArrayList<>();
            for (String t : transports) {
                points.add(stack.createListeningPoint(host, port, t.toLowerCase(Locale.ROOT)));
            }
            provider = stack.createSipProvider(points.get(0));
            for (int i = 1; i < points.size(); i++) {
                provider.addListeningPoint(points.get(i));
            }
            provider.addSipListener(listener);
            stack.start();
        } catch (InvalidArgumentException | SipException | TooManyListenersException e) {
            stop();
            throw new IOException("cannot start SIP on " + host + ":" + port + " " + transports + ": " + e.getMessage(), e);
        }
        log.info("SIP listening on {}:{} {}", host, port, transports);
    }

    /**
     * Closes the listening sockets now (the port is free once this returns: a restart may bind it at
     * once) and lets the stack wind down on its own thread: the RI's {@code stop()} sleeps a second "to
     * let the processing complete" after closing everything (gov.nist SIPTransactionStack.stopStack)
     * before it only clears its tables, and nothing here waits for that (every server stop, so every
     * test that stops one, spent that second).
     */
    void stop() {
        SipStack s = stack;
        if (s == null) {
            return;
        }
        stack = null;
        List<ListeningPoint> points = new ArrayList<>();
        s.getListeningPoints().forEachRemaining(lp -> points.add((ListeningPoint) lp));
        for (ListeningPoint lp : points) {
            try {
                deleteListeningPoint(s, lp);
            } catch (javax.sip.ObjectInUseException e) {
                log.warn("SIP listening point {}:{}/{} not closed: {}", lp.getIPAddress(), lp.getPort(),
                        lp.getTransport(), e.toString());
            }
        }
        Thread winding = new Thread(() -> stopStack(s), "sip-stack-stop-" + port);
        winding.setDaemon(true);
        winding.start();
    }

    private static void deleteListeningPoint(SipStack s, ListeningPoint lp) throws javax.sip.ObjectInUseException {
        try {
            s.deleteListeningPoint(lp);
        } catch (java.util.ConcurrentModificationException e) {
            // jain-sip's UDP processor adds its channel threads from its own thread once started; a stop
            // right after start can meet that list being filled. Once it is full, stopping completes.
            log.debug("SIP listening point closed while still starting; closing again");
            pause(100);
            s.deleteListeningPoint(lp);
        }
    }

    private static void stopStack(SipStack s) {
        try {
            try {
                s.stop();
            } catch (java.util.ConcurrentModificationException e) {
                log.debug("SIP stack stopped while still starting; stopping again");
                pause(100);
                s.stop();
            }
        } catch (RuntimeException e) {
            log.warn("SIP stack did not wind down cleanly (its sockets were closed already)", e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    SipProvider provider() {
        return provider;
    }

    HeaderFactory headers() {
        return headers;
    }

    AddressFactory addresses() {
        return addresses;
    }

    MessageFactory messages() {
        return messages;
    }

    /**
     * The RI's client-side digest helper (RFC 3261 §22.2): answers a 401/407 by re-sending the request on a
     * new transaction with the credentials {@code account} gives.
     */
    gov.nist.javax.sip.clientauthutils.AuthenticationHelper authenticationHelper(
            gov.nist.javax.sip.clientauthutils.AccountManager account) {
        return ((gov.nist.javax.sip.SipStackExt) stack).getAuthenticationHelper(account, headers);
    }

    boolean isOwnAddress(String viaHost, int viaPort) {
        if (viaPort != port && !(viaPort <= 0 && port == 5060)) {
            return false;
        }
        try {
            return InetAddress.getByName(viaHost).equals(InetAddress.getByName(host));
        } catch (IOException e) {
            return false;
        }
    }

    /** Our Contact for dialogs and registrations: {@code <sip:openucc@host:port;transport=..>}. */
    ContactHeader contact(String user, String transport) {
        // Every call's responses and requests carry one; the factory parses the URI each time, a clone does not.
        String key = user + "\n" + (transport == null ? "" : transport.toLowerCase(Locale.ROOT));
        ContactHeader template = contacts.computeIfAbsent(key, k -> newContact(user, transport));
        return (ContactHeader) template.clone();
    }

    private ContactHeader newContact(String user, String transport) {
        try {
            SipURI uri = addresses.createSipURI(user, host);
            uri.setPort(port);
            if (transport != null && !transport.equalsIgnoreCase("udp")) {
                uri.setTransportParam(transport.toLowerCase(Locale.ROOT));
            }
            Address a = addresses.createAddress(uri);
            return headers.createContactHeader(a);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("cannot build our own Contact for " + host, e);
        }
    }

    /** A response with a To tag when it ends or creates a dialog, and our Server header. */
    Response response(Request request, int code, String reason, String toTag) {
        try {
            Response r = messages.createResponse(code, request);
            if (reason != null) {
                r.setReasonPhrase(reason);
            }
            ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
            if (toTag != null && to != null && to.getTag() == null && code > 100) {
                to.setTag(toTag);
            }
            r.setHeader((ServerHeader) serverHeader().clone());
            return r;
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("cannot build a " + code + " response", e);
        }
    }

    private ServerHeader serverHeader() throws java.text.ParseException {
        ServerHeader s = server;
        if (s == null) {
            s = headers.createServerHeader(List.of(USER_AGENT));
            server = s;
        }
        return s;
    }

    /** Sends a response; a failure (the transaction timed out, the peer went away) is logged, not thrown. */
    boolean send(ServerTransaction st, Response r) {
        try {
            st.sendResponse(r);
            return true;
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            log.debug("could not send {} {}: {}", r.getStatusCode(), r.getReasonPhrase(), e.toString());
            return false;
        }
    }

    /** Answers without a transaction (stateless, RFC 3261 §8.2.7), for requests we refuse outright. */
    void sendStateless(Request request, int code, String reason) {
        try {
            provider.sendResponse(response(request, code, reason, "x" + Long.toHexString(System.nanoTime())));
        } catch (SipException | RuntimeException e) {
            log.debug("could not send stateless {}: {}", code, e.toString());
        }
    }

    private static int freePort(String host) throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(host, 0));
                int candidate = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, candidate))) {
                    return candidate;
                } catch (IOException taken) {
                    // the UDP side is in use: try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on " + host);
    }
}
