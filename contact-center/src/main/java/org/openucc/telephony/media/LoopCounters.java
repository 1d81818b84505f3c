package org.openucc.telephony.media;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The per-packet counters of one RTP event loop. Only that loop counts (every session bumps the counters of
 * its own loop, and a session's packets are handled on its loop), so a count is a plain increment published
 * with an opaque store: no atomic instruction and no shared cache line per packet, where the engine-wide
 * {@code LongAdder}s cost a CAS each (four a relayed packet). Any thread may read them (opaque loads: whole
 * values, at most a packet or so behind); {@link MediaEngine.Stats} sums the loops.
 */
final class LoopCounters {
    private static final VarHandle PACKETS_IN;
    private static final VarHandle PACKETS_OUT;
    private static final VarHandle RELAYED;
    private static final VarHandle RELAYED_LATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PACKETS_IN = l.findVarHandle(LoopCounters.class, "packetsIn", long.class);
            PACKETS_OUT = l.findVarHandle(LoopCounters.class, "packetsOut", long.class);
            RELAYED = l.findVarHandle(LoopCounters.class, "relayed", long.class);
            RELAYED_LATE = l.findVarHandle(LoopCounters.class, "relayedLate", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long packetsIn;
    private long packetsOut;
    private long relayed;
    private long relayedLate;

    /** On the loop: an RTP packet received from a session's peer (and accepted). */
    void packetIn() {
        PACKETS_IN.setOpaque(this, packetsIn + 1);
    }

    /** On the loop: an RTP packet sent. */
    void packetOut() {
        PACKETS_OUT.setOpaque(this, packetsOut + 1);
    }

    /** On the loop: a packet relayed for the peer; {@code late}: more than 5 ms from read to write. */
    void relayed(boolean late) {
        RELAYED.setOpaque(this, relayed + 1);
        if (late) {
            RELAYED_LATE.setOpaque(this, relayedLate + 1);
        }
    }

    long packetsIn() {
        return (long) PACKETS_IN.getOpaque(this);
    }

    long packetsOut() {
        return (long) PACKETS_OUT.getOpaque(this);
    }

    long relayed() {
        return (long) RELAYED.getOpaque(this);
    }

    long relayedLate() {
        return (long) RELAYED_LATE.getOpaque(this);
    }
}
