package org.openucc.telephony.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.LinkedList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jain-sip RI's message processors (named by the stack property MESSAGE_PROCESSOR_FACTORY), except
 * that UDP datagrams are received into one buffer and handed to the stack's channel threads as arrays of
 * their own length. The RI's own UDP receiver allocates a new buffer of the stack's maximum message size
 * (64 KiB) for every datagram it receives; under call load that was half of all the bytes the server
 * allocated (benchmarks/SIP-LOAD.md). Everything else (the queue, the channel threads that parse and
 * dispatch, TCP) is the RI's.
 */
public final class RightSizedDatagrams implements MessageProcessorFactory {
    /** The stack's THREAD_POOL_SIZE: how many channel threads parse and dispatch UDP messages. */
    static final int CHANNEL_THREADS = 4;
    /** The largest UDP payload: whatever arrives is received whole, then judged (SipSignalling.screen). */
    private static final int MAX_DATAGRAM = 65_535;
    private static final Logger log = LoggerFactory.getLogger(RightSizedDatagrams.class);
    private static final java.lang.reflect.Constructor<UDPMessageChannel> CHANNEL = pooledChannel();
    private static final java.lang.reflect.Field UDP_FLAG = udpFlag();

    private final MessageProcessorFactory others = new OIOMessageProcessorFactory();

    public RightSizedDatagrams() {
        // instantiated reflectively by the stack
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        if ("udp".equalsIgnoreCase(transport) && CHANNEL != null && UDP_FLAG != null) {
            try {
                // What the RI's factory does with a UDP processor: the stack then sends through its socket (from
                // the port the peers know) instead of a new socket per message.
                UDP_FLAG.setBoolean(stack, true);
            } catch (IllegalAccessException e) {
                throw new IOException("cannot set up jain-sip's UDP processor", e);
            }
            return new Receiver(address, stack, port);
        }
        return others.createMessageProcessor(stack, address, port, transport);
    }

    /** The RI's UDP processor with its receive loop replaced (same queue, same channel threads). */
    static final class Receiver extends UDPMessageProcessor {
        Receiver(InetAddress address, SIPTransactionStack stack, int port) throws IOException {
            super(address, stack, port);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void run() {
            // As the RI does: the channel threads that take datagrams off the queue, parse and dispatch them.
            messageChannels = new LinkedList<>();
            String name = ((SipStackImpl) sipStack).getStackName() + "-UDPMessageChannelThread-";
            try {
                for (int i = 0; i < CHANNEL_THREADS; i++) {
                    messageChannels.add(CHANNEL.newInstance(sipStack, this, name + i));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot start jain-sip's UDP channel threads", e);
            }
            byte[] buffer = new byte[MAX_DATAGRAM];
            DatagramPacket received = new DatagramPacket(buffer, buffer.length);
            while (isRunning) {
                try {
                    received.setData(buffer); // and its length back to the whole buffer
                    sock.receive(received);
                    byte[] own = Arrays.copyOf(buffer, received.getLength());
                    DatagramPacket packet = new DatagramPacket(own, own.length, received.getAddress(), received.getPort());
                    messageQueue.offer(new DatagramQueuedMessageDispatch(packet, System.currentTimeMillis()));
                } catch (java.net.SocketTimeoutException e) {
                    // only with the RI's thread auditor on (a receive timeout to ping it): receive again
                } catch (SocketException e) {
                    if (!isRunning || sock.isClosed()) {
                        log.debug("SIP UDP receiver on port {} stops: {}", getPort(), e.toString());
                        return; // stop() closed the socket (it clears isRunning first), or nothing more can arrive
                    }
                    log.warn("SIP UDP receive on port {} failed: {}", getPort(), e.toString());
                } catch (IOException | RuntimeException e) {
                    log.warn("SIP UDP receive on port {} failed: {}", getPort(), e.toString());
                }
            }
        }
    }

    /**
     * The RI's pooled UDP channel constructor (protected; its thread drains the queue). The instances must be
     * UDPMessageChannel itself, not a subclass: the RI matches channels by class (UDPMessageChannel.equals).
     */
    private static java.lang.reflect.Constructor<UDPMessageChannel> pooledChannel() {
        try {
            var c = UDPMessageChannel.class.getDeclaredConstructor(SIPTransactionStack.class, UDPMessageProcessor.class,
                    String.class);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("jain-sip's UDPMessageChannel(stack, processor, name) not found; UDP keeps the RI's receiver "
                    + "(a 64 KiB buffer per datagram): {}", e.toString());
            return null;
        }
    }

    /** SIPTransactionStack.udpFlag (package-private): set by the RI's factory when it makes a UDP processor. */
    private static java.lang.reflect.Field udpFlag() {
        try {
            var f = SIPTransactionStack.class.getDeclaredField("udpFlag");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("jain-sip's SIPTransactionStack.udpFlag not found; UDP keeps the RI's receiver "
                    + "(a 64 KiB buffer per datagram): {}", e.toString());
            return null;
        }
    }
}
