package org.openucc.telephony.media;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openucc.telephony.AmdResult;
import org.openucc.telephony.AmdSettings;
import org.openucc.telephony.MonitorMode;
import org.openucc.telephony.PlaybackResult;

/**
 * The RTP side of one call leg (RFC 3550): one UDP port on one Netty event loop that owns every
 * field below. It plays prompts paced by the loop's {@link MediaTicker}, detects DTMF, listens for
 * answering machines and for silence ({@link AnsweringMachineDetector}, {@link SilenceDetector}), records, and
 * relays audio to a bridged peer session, rewriting SSRC, sequence numbers and timestamps so the
 * far end sees one continuous stream, and transcoding G.711 µ-law/A-law when the legs differ.
 * Public methods may be called from any thread: they hop onto the loop.
 */
public final class RtpSession {
    private static final int HEADER = 12;
    private static final int SILENCE_LEVEL = 300;
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** No audio for this long while listening counts as silence (Asterisk's AMD: twice its 50 ms frame wait). */
    private static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long GAP_CHECK_MILLIS = 50;

    private final MediaEngine engine;
    private final EventLoop loop;
    private final MediaTicker ticker;
    /** The per-packet counters of {@link #loop} (bumped on the loop only). */
    private final LoopCounters counters;
    /** What the loop's clock calls (kept off the public surface). */
    private final MediaTicker.Ticked ticked = this::tick;
    private volatile MediaListener listener;
    private volatile String name;
    private DatagramChannel channel;
    private int localPort;

    // negotiated
    private MediaFormat format = MediaFormat.defaults();
    private InetSocketAddress remote;
    private boolean latched;
    private boolean sending = true;
    /**
     * When the last RTP packet from the peer arrived (System.nanoTime(); 0: none yet). Written on the loop
     * per packet, read by the SIP stack's media-timeout sweep: a release store (a plain store on x86, where a
     * volatile one adds a fence per packet), nothing allocated.
     */
    @SuppressWarnings("unused") // through LAST_RECEIVED
    private long lastReceivedNanos;
    private static final java.lang.invoke.VarHandle LAST_RECEIVED;

    static {
        try {
            LAST_RECEIVED = java.lang.invoke.MethodHandles.lookup().findVarHandle(RtpSession.class,
                    "lastReceivedNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // our outgoing stream (RFC 3550 §5.1)
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private int seq = ThreadLocalRandom.current().nextInt(0x10000);
    private long timestamp = ThreadLocalRandom.current().nextInt() & 0xffffffffL;
    private long lastSendNanos;
    private boolean talkspurtStart = true;

    // prompts and DTMF out
    private PromptPlayer player;
    private final short[] frame = new short[Codec.SAMPLES_PER_PACKET];
    private final ArrayDeque<int[]> dtmfOut = new ArrayDeque<>();
    private final DtmfDetector dtmfIn = new DtmfDetector();

    // relay (B2BUA bridge): what this session sends on behalf of its peer
    private RtpSession peer;
    private boolean relaying;
    private int relaySourceSsrc;
    private int seqOffset;
    private long tsOffset;
    private WavRecorder bridgeRecorder;
    private int bridgeChannel;

    // monitoring: a supervisor's mix this session feeds (and may hear from instead of the relay)
    private MonitorMix mix;
    private int mixRole;

    // voicemail
    private long recordingId;
    private WavRecorder voicemail;
    private long silenceLimitNanos;
    private long lastVoiceNanos;

    // listening to the far end: answering-machine detection, waiting for silence (outbound calls)
    private long amdId;
    private AnsweringMachineDetector amd;
    private WavRecorder amdSample;
    private long silenceId;
    private SilenceDetector silenceWait;
    private long heardUntilNanos; // audio (or its absence) is accounted for up to here
    private boolean gapCheckScheduled;

    private final short[] decoded = new short[2048];
    /** A payload copied out of its buffer, on the loop (decoding, transcoding). */
    private final byte[] scratch = new byte[2048];
    private boolean closed;

    RtpSession(MediaEngine engine, EventLoop loop, MediaTicker ticker, LoopCounters counters, MediaListener listener,
               String name) {
        this.engine = engine;
        this.loop = loop;
        this.ticker = ticker;
        this.counters = counters;
        this.listener = listener;
        this.name = name;
    }

    /** Calls' sessions on this session's loop, counted while this one is open (picks the loop of new calls). */
    private volatile java.util.concurrent.atomic.AtomicInteger callsOnLoop;

    void countedOn(java.util.concurrent.atomic.AtomicInteger calls) {
        calls.incrementAndGet();
        callsOnLoop = calls;
    }

    /** Hands a pre-bound session to its call. */
    void adopt(MediaListener listener, String name) {
        this.listener = listener;
        this.name = name;
    }

    void attach(DatagramChannel channel, int port) {
        this.channel = channel;
        this.localPort = port;
    }

    EventLoop loop() {
        return loop;
    }

    MediaTicker ticker() {
        return ticker;
    }

    /** When the peer's last RTP packet arrived (System.nanoTime()), 0 if none has yet; any thread. */
    public long lastReceivedNanos() {
        return (long) LAST_RECEIVED.getAcquire(this);
    }

    public int localPort() {
        return localPort;
    }

    public String name() {
        return name;
    }

    SimpleChannelInboundHandler<DatagramPacket> handler() {
        return new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                receive(packet.content(), packet.sender(), System.nanoTime());
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                engine.log().debug("rtp {}: {}", name, cause.toString());
            }
        };
    }

    /**
     * Runs {@code task} on the session's loop. Once the engine has stopped, its loops are gone and closed
     * every socket: what a call still asks of its media then (hang-ups racing the shutdown) is moot.
     */
    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException engineStopped) {
            closed = true;
        }
    }

    /** Applies the negotiated SDP: codec, where to send, and whether we may send at all. */
    public void configure(MediaFormat format, InetSocketAddress remote, boolean send) {
        onLoop(() -> {
            this.format = format;
            if (!latched || remote == null) {
                this.remote = remote;
            }
            this.sending = send && remote != null && !remote.getAddress().isAnyLocalAddress();
        });
    }

    /** Plays linear 8 kHz prompts; any current playback ends STOPPED. */
    public void play(long playbackId, List<short[]> prompts, boolean loopPlayback, boolean bargeIn) {
        onLoop(() -> {
            endPlayback(PlaybackResult.STOPPED);
            player = new PromptPlayer(playbackId, prompts, loopPlayback, bargeIn);
            ticker.add(ticked);
        });
    }

    public void stopPlayback() {
        onLoop(() -> endPlayback(PlaybackResult.STOPPED));
    }

    /** Sends DTMF as RFC 4733 events: 100 ms each with three end packets, 60 ms apart. */
    public void sendDtmf(String digits) {
        onLoop(() -> {
            for (char d : digits.toCharArray()) {
                int event = DtmfDetector.eventCode(d);
                if (event < 0) {
                    continue;
                }
                for (int step = 1; step <= 8; step++) {
                    dtmfOut.add(new int[] {event, Math.min(step, 5), step >= 5 ? 1 : 0, step});
                }
                for (int gap = 0; gap < 3; gap++) {
                    dtmfOut.add(new int[] {-1, 0, 0, 0});
                }
            }
            ticker.add(ticked);
        });
    }

    /**
     * Relays this session's incoming audio to {@code other} (and {@code other} must be bridged back to
     * this one); if {@code recorder} is set, incoming audio also goes to its {@code channel}.
     */
    public void bridge(RtpSession other, WavRecorder recorder, int channel) {
        onLoop(() -> {
            endPlayback(PlaybackResult.STOPPED);
            peer = other;
            relaying = false;
            bridgeRecorder = recorder;
            bridgeChannel = channel;
        });
    }

    /**
     * Joins {@code supervisor} to the bridge of this session (the customer's) with {@code agent}, in
     * {@code mode}; the returned mix changes the mode and lets the supervisor go. The relay between the
     * two bridged sessions is untouched where nobody mixes into it.
     */
    public MonitorMix monitor(RtpSession agent, RtpSession supervisor, MonitorMode mode) {
        MonitorMix m = new MonitorMix(this, agent, supervisor, mode);
        m.start();
        return m;
    }

    void joinMix(MonitorMix m, int role) {
        onLoop(() -> {
            if (!closed) {
                mix = m;
                mixRole = role;
            }
        });
    }

    void leaveMix(MonitorMix m) {
        onLoop(() -> {
            if (mix == m) {
                mix = null;
                relaying = false; // the relay continues our stream from here (RFC 3550 §5.1)
            }
        });
    }

    void mixModeChanged(MonitorMix m) {
        onLoop(() -> {
            if (mix == m) {
                relaying = false;
            }
        });
    }

    /** On the loop: a frame the mix made for this session's far end, sent as our own stream. */
    void sendMixed(MonitorMix m, short[] samples) {
        if (closed || mix != m || player != null || !dtmfOut.isEmpty()) {
            return;
        }
        if (relaying) {
            relaying = false; // from relayed packets to our own frames: a new talkspurt
            talkspurtStart = true;
        }
        sendAudio(samples);
    }

    public void unbridge() {
        onLoop(() -> {
            peer = null;
            relaying = false;
            bridgeRecorder = null;
        });
    }

    /** Records what the remote party says into {@code recorder} (mono) until max length, silence or stop. */
    public void record(long id, WavRecorder recorder, long maxMillis, long silenceMillis) {
        onLoop(() -> {
            stopRecordingNow();
            recordingId = id;
            voicemail = recorder;
            silenceLimitNanos = silenceMillis <= 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(silenceMillis);
            lastVoiceNanos = System.nanoTime();
            WavRecorder mine = recorder;
            loop.schedule(() -> {
                if (voicemail == mine) {
                    stopRecordingNow();
                }
            }, maxMillis, TimeUnit.MILLISECONDS);
            if (silenceLimitNanos > 0) {
                checkSilence(mine);
            }
        });
    }

    public void stopRecording() {
        onLoop(this::stopRecordingNow);
    }

    /**
     * Listens to the far end for an answering machine; the verdict goes to
     * {@link MediaListener#onMachineDetected} with {@code id}. A detection already running is replaced.
     * If {@code sample} is set, the audio judged goes to it too (the caller closes it after the verdict).
     */
    public void detectAnsweringMachine(long id, AmdSettings settings, WavRecorder sample) {
        AnsweringMachineDetector detector = new AnsweringMachineDetector(settings);
        onLoop(() -> {
            if (closed) {
                return;
            }
            amdId = id;
            amd = detector;
            amdSample = sample;
            startListening();
        });
    }

    /**
     * Tells {@link MediaListener#onSilence} with {@code id} once the far end has been silent (mean level
     * under {@code threshold}, or no audio) for {@code silenceMillis}, or that {@code timeoutMillis} passed.
     */
    public void awaitSilence(long id, int threshold, long silenceMillis, long timeoutMillis) {
        SilenceDetector detector = new SilenceDetector(threshold, silenceMillis);
        onLoop(() -> {
            if (closed) {
                return;
            }
            silenceId = id;
            silenceWait = detector;
            startListening();
            loop.schedule(() -> {
                if (silenceWait == detector) {
                    silenceWait = null;
                    listener.onSilence(id, false);
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        });
    }

    public void close() {
        onLoop(() -> {
            if (closed) {
                return;
            }
            closed = true;
            amd = null;
            amdSample = null;
            silenceWait = null;
            endPlayback(PlaybackResult.STOPPED);
            stopRecordingNow();
            ticker.remove(ticked);
            peer = null;
            mix = null;
            if (channel != null) {
                channel.close();
            }
            var calls = callsOnLoop;
            if (calls != null) {
                callsOnLoop = null;
                calls.decrementAndGet();
            }
            engine.released(this, localPort);
        });
    }

    // ------------------------------------------------------------------ on the loop

    void tick() {
        if (closed) {
            ticker.remove(ticked);
            return;
        }
        if (!dtmfOut.isEmpty()) {
            int[] d = dtmfOut.poll();
            if (d[0] >= 0) {
                sendDtmfPacket(d[0], d[1], d[2] == 1, d[3] == 1);
            } else {
                timestamp += Codec.SAMPLES_PER_PACKET;
            }
            return;
        }
        if (player != null) {
            if (player.next(frame)) {
                sendAudio(frame);
            } else {
                endPlayback(PlaybackResult.COMPLETED);
            }
            return;
        }
        ticker.remove(ticked);
    }

    private void endPlayback(PlaybackResult result) {
        if (player != null) {
            long id = player.id;
            player = null;
            talkspurtStart = true;
            if (listener != null) {
                listener.onPlaybackEnded(id, result);
            }
        }
    }

    private void sendAudio(short[] samples) {
        if (!sending || remote == null || channel == null) {
            advanceClock();
            return;
        }
        ByteBuf buf = channel.alloc().directBuffer(HEADER + samples.length);
        advanceClock();
        writeHeader(buf, format.payloadType(), talkspurtStart, seq, timestamp);
        talkspurtStart = false;
        Codec codec = format.codec();
        for (short s : samples) {
            buf.writeByte(codec.encode(s));
        }
        send(buf);
    }

    /** Moves our sequence number and timestamp on by one packet, or by the wall time since the last one. */
    private void advanceClock() {
        long now = System.nanoTime();
        seq = (seq + 1) & 0xffff;
        long elapsed = lastSendNanos == 0 ? Codec.SAMPLES_PER_PACKET
                : Math.max(Codec.SAMPLES_PER_PACKET, Math.round((now - lastSendNanos) / 125_000.0 / Codec.SAMPLES_PER_PACKET)
                * Codec.SAMPLES_PER_PACKET);
        // Within a talkspurt the clock moves exactly 160 per packet (RFC 3550 §5.1); after a pause it
        // jumps by the time that passed so the receiver's playout stays in step.
        timestamp = (timestamp + (talkspurtStart ? elapsed : Codec.SAMPLES_PER_PACKET)) & 0xffffffffL;
        lastSendNanos = now;
    }

    // RFC 4733 §2.3: event, E bit, volume, duration; all packets of one event share its timestamp.
    private long dtmfTimestamp;

    private void sendDtmfPacket(int event, int steps, boolean end, boolean first) {
        if (first) {
            advanceClock();
            dtmfTimestamp = timestamp;
        } else {
            seq = (seq + 1) & 0xffff;
            lastSendNanos = System.nanoTime();
            timestamp = (timestamp + Codec.SAMPLES_PER_PACKET) & 0xffffffffL;
        }
        if (!sending || remote == null || channel == null || format.dtmfPayloadType() < 0) {
            return;
        }
        ByteBuf buf = channel.alloc().directBuffer(HEADER + 4);
        writeHeader(buf, format.dtmfPayloadType(), first, seq, dtmfTimestamp);
        buf.writeByte(event);
        buf.writeByte((end ? 0x80 : 0) | 10);
        buf.writeShort(steps * Codec.SAMPLES_PER_PACKET);
        send(buf);
    }

    private void writeHeader(ByteBuf buf, int pt, boolean marker, int sequence, long ts) {
        buf.writeByte(0x80);
        buf.writeByte((marker ? 0x80 : 0) | (pt & 0x7f));
        buf.writeShort(sequence);
        buf.writeInt((int) ts);
        buf.writeInt(ssrc);
    }

    private void send(ByteBuf buf) {
        channel.writeAndFlush(new DatagramPacket(buf, remote), channel.voidPromise());
        counters.packetOut();
    }

    void receive(ByteBuf in, InetSocketAddress sender, long arrivalNanos) {
        if (closed) {
            return;
        }
        int len = in.readableBytes();
        int at = in.readerIndex();
        if (len < HEADER || (in.getByte(at) & 0xc0) != 0x80) {
            engine.stats.packetsDropped.increment();
            return;
        }
        int b1 = in.getUnsignedByte(at + 1);
        if (b1 >= 200 && b1 <= 204) {
            return; // RTCP multiplexed on the RTP port (RFC 5761 §4): not used
        }
        // Symmetric RTP (RFC 4961): send back to where the peer's packets come from, learned once.
        if (!latched) {
            latched = true;
            remote = sender;
        } else if (!sender.equals(remote)) {
            engine.stats.packetsDropped.increment();
            return;
        }
        counters.packetIn();
        LAST_RECEIVED.setRelease(this, arrivalNanos);
        int b0 = in.getUnsignedByte(at);
        int headerLen = HEADER + 4 * (b0 & 0x0f);
        if ((b0 & 0x10) != 0) {
            if (len < headerLen + 4) {
                return;
            }
            headerLen += 4 + 4 * in.getUnsignedShort(at + headerLen + 2);
        }
        int payloadLen = len - headerLen;
        if ((b0 & 0x20) != 0 && payloadLen > 0) {
            payloadLen -= in.getUnsignedByte(at + len - 1);
        }
        if (payloadLen <= 0 || payloadLen > decoded.length) {
            return;
        }
        int pt = b1 & 0x7f;
        boolean marker = (b1 & 0x80) != 0;
        int inSeq = in.getUnsignedShort(at + 2);
        long inTs = in.getUnsignedInt(at + 4);
        int inSsrc = in.getInt(at + 8);
        int payloadAt = at + headerLen;
        if (pt == format.dtmfPayloadType()) {
            byte[] payload = new byte[payloadLen];
            in.getBytes(payloadAt, payload);
            char digit = dtmfIn.onPacket(inTs, payload, 0, payloadLen);
            if (digit != 0) {
                onDigit(digit);
            }
            forward(true, in, payloadAt, payloadLen, inSeq, inTs, inSsrc, marker, arrivalNanos);
            return;
        }
        Codec codec = pt == format.payloadType() ? format.codec() : pt == 0 ? Codec.PCMU : pt == 8 ? Codec.PCMA : null;
        if (codec == null) {
            return;
        }
        boolean needLinear = voicemail != null || bridgeRecorder != null || amd != null || silenceWait != null
                || mix != null;
        if (needLinear && voicemail == null && amd == null && silenceWait == null && mix == null) {
            // Only the call's recorder wants it linear (the bridged call's case): it decodes into its window.
            in.getBytes(payloadAt, scratch, 0, payloadLen); // one bounds check, not one a byte
            bridgeRecorder.frame(bridgeChannel, scratch, payloadLen, codec, arrivalNanos);
        } else if (needLinear) {
            in.getBytes(payloadAt, scratch, 0, payloadLen); // one bounds check, not one a byte
            for (int i = 0; i < payloadLen; i++) {
                decoded[i] = codec.decode(scratch[i]);
            }
            if (amd != null || silenceWait != null) {
                hear(payloadLen, arrivalNanos);
            }
            if (bridgeRecorder != null) {
                bridgeRecorder.frame(bridgeChannel, decoded, payloadLen, arrivalNanos);
            }
            if (mix != null) {
                mix.heard(mixRole, decoded, payloadLen);
            }
            if (voicemail != null) {
                voicemail.frame(0, decoded, payloadLen, arrivalNanos);
                if (level(decoded, payloadLen) > SILENCE_LEVEL) {
                    lastVoiceNanos = arrivalNanos;
                }
            }
        }
        if (peer == null) {
            return;
        }
        if (codec != format.codec()) {
            // The peer switched codec mid-call (allowed among the offered ones): normalise.
            transcode(in, payloadAt, payloadLen, codec, scratch);
        }
        forward(false, in, payloadAt, payloadLen, inSeq, inTs, inSsrc, marker, arrivalNanos);
    }

    private void onDigit(char digit) {
        if (player != null && player.bargeIn) {
            endPlayback(PlaybackResult.INTERRUPTED);
        }
        if (listener != null) {
            listener.onDtmf(digit);
        }
    }

    /** Rewrites G.711 bytes in place from {@code codec} to the other law (one table lookup a byte). */
    private static void transcode(ByteBuf buf, int from, int len, Codec codec, byte[] scratch) {
        buf.getBytes(from, scratch, 0, len);
        for (int i = 0; i < len; i++) {
            scratch[i] = codec == Codec.PCMU ? G711.ulawToAlaw(scratch[i]) : G711.alawToUlaw(scratch[i]);
        }
        buf.setBytes(from, scratch, 0, len);
    }

    /**
     * Hands the received packet itself to the peer, which rewrites its header and payload in place and
     * sends it: no copy and no new buffer per relayed packet. Inline when the peer shares our loop (the
     * usual case: a call's legs are opened on one loop), else as one task on the peer's loop.
     */
    private void forward(boolean dtmf, ByteBuf in, int payloadAt, int payloadLen, int inSeq, long inTs, int inSsrc,
                         boolean marker, long arrivalNanos) {
        RtpSession to = peer;
        if (to == null) {
            return;
        }
        Codec from = format.codec();
        in.retain(); // the relay owns this reference: it sends the packet or releases it
        if (to.loop.inEventLoop()) {
            to.relay(dtmf, from, in, payloadAt, payloadLen, inSeq, inTs, inSsrc, marker, arrivalNanos);
        } else {
            try {
                to.loop.execute(() -> to.relay(dtmf, from, in, payloadAt, payloadLen, inSeq, inTs, inSsrc, marker,
                        arrivalNanos));
            } catch (java.util.concurrent.RejectedExecutionException engineStopped) {
                in.release();
            }
        }
    }

    /** On this session's loop: send the peer's packet as part of our own outgoing stream; owns {@code pkt}. */
    private void relay(boolean dtmf, Codec from, ByteBuf pkt, int payloadAt, int payloadLen, int inSeq, long inTs,
                       int inSsrc, boolean marker, long arrivalNanos) {
        boolean sent = false;
        try {
            if (closed || peer == null || !sending || remote == null || player != null || !dtmfOut.isEmpty()
                    || mix != null && mix.mixesOutputOf(mixRole)) {
                return; // a prompt, DTMF or a monitoring mix speaks to the far end instead
            }
            if (!relaying || inSsrc != relaySourceSsrc) {
                // A new source: continue our own sequence and timeline from here (RFC 3550 §5.1, §7.2).
                long now = System.nanoTime();
                long elapsed = lastSendNanos == 0 ? Codec.SAMPLES_PER_PACKET
                        : Math.max(Codec.SAMPLES_PER_PACKET, (now - lastSendNanos) / 125_000);
                seqOffset = ((seq + 1) - inSeq) & 0xffff;
                tsOffset = (timestamp + elapsed - inTs) & 0xffffffffL;
                relaySourceSsrc = inSsrc;
                relaying = true;
                marker = true;
            }
            int outPt;
            if (dtmf) {
                if (format.dtmfPayloadType() < 0) {
                    return;
                }
                outPt = format.dtmfPayloadType();
            } else {
                outPt = format.payloadType();
                if (from != format.codec()) {
                    transcode(pkt, payloadAt, payloadLen, from, scratch);
                }
            }
            int outSeq = (inSeq + seqOffset) & 0xffff;
            long outTs = (inTs + tsOffset) & 0xffffffffL;
            seq = outSeq;
            if (!dtmf) {
                timestamp = outTs;
            }
            lastSendNanos = System.nanoTime();
            // Our plain 12-byte header goes just before the payload (over any CSRCs or extension of theirs),
            // and their padding, if any, is cut off.
            int header = payloadAt - HEADER;
            pkt.setIndex(header, payloadAt + payloadLen);
            pkt.setByte(header, 0x80);
            pkt.setByte(header + 1, (marker ? 0x80 : 0) | (outPt & 0x7f));
            pkt.setShort(header + 2, outSeq);
            pkt.setInt(header + 4, (int) outTs);
            pkt.setInt(header + 8, ssrc);
            send(pkt);
            sent = true;
            long latency = System.nanoTime() - arrivalNanos; // read to write, as the stats have always said
            counters.relayed(latency > LATE_NANOS);
        } finally {
            if (!sent) {
                pkt.release();
            }
        }
    }

    private void startListening() {
        heardUntilNanos = System.nanoTime();
        if (!gapCheckScheduled) {
            gapCheckScheduled = true;
            loop.schedule(this::checkGap, GAP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** A frame from the far end, already in {@link #decoded}. */
    private void hear(int samples, long arrivalNanos) {
        heardUntilNanos = Math.max(heardUntilNanos, arrivalNanos);
        if (amd != null) {
            if (amdSample != null) {
                amdSample.frame(0, decoded, samples, arrivalNanos);
            }
            AmdResult verdict = amd.frame(decoded, samples);
            if (verdict != null) {
                machineDetected(verdict);
            }
        }
        if (silenceWait != null && silenceWait.frame(decoded, samples)) {
            silenceHeard();
        }
    }

    /** While listening, time with no audio from the far end (no RTP, lost packets) is silence. */
    private void checkGap() {
        gapCheckScheduled = false;
        if (closed || (amd == null && silenceWait == null)) {
            return;
        }
        long missing = System.nanoTime() - heardUntilNanos;
        if (missing >= GAP_NANOS) {
            long millis = TimeUnit.NANOSECONDS.toMillis(missing);
            heardUntilNanos += TimeUnit.MILLISECONDS.toNanos(millis);
            if (amd != null) {
                AmdResult verdict = amd.gap((int) millis);
                if (verdict != null) {
                    machineDetected(verdict);
                }
            }
            if (silenceWait != null && silenceWait.gap(millis)) {
                silenceHeard();
            }
        }
        if (amd != null || silenceWait != null) {
            gapCheckScheduled = true;
            loop.schedule(this::checkGap, GAP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void machineDetected(AmdResult verdict) {
        amd = null;
        amdSample = null;
        listener.onMachineDetected(amdId, verdict);
    }

    private void silenceHeard() {
        silenceWait = null;
        listener.onSilence(silenceId, true);
    }

    private void stopRecordingNow() {
        if (voicemail != null) {
            WavRecorder r = voicemail;
            long id = recordingId;
            voicemail = null;
            r.close();
            r.done().whenComplete((millis, err) -> listener.onRecordingEnded(id, millis == null ? 0 : millis, err));
        }
    }

    private void checkSilence(WavRecorder mine) {
        loop.schedule(() -> {
            if (voicemail != mine) {
                return;
            }
            if (System.nanoTime() - lastVoiceNanos > silenceLimitNanos) {
                stopRecordingNow();
            } else {
                checkSilence(mine);
            }
        }, 100, TimeUnit.MILLISECONDS);
    }

    private static int level(short[] samples, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(samples[i]);
        }
        return (int) (sum / Math.max(1, n));
    }

    @Override
    public String toString() {
        return "rtp " + name + " :" + localPort;
    }
}
