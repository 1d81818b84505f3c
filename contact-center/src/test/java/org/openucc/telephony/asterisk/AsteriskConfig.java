package org.openucc.telephony.asterisk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The configuration files of one test Asterisk (chan_sip, loopback only), written into its run
 * folder: etc/ holds the .conf files, log/ the full log, moh/ the hold music as 16-bit PCM WAV.
 */
public record AsteriskConfig(Path prefix, Path runDir, int amiPort, int sipPort, int rtpStart, int rtpCount,
        int agiPort, String amiUser, String amiSecret, List<AgentPeer> agents, String agentContext,
        List<String> services, List<String> echoExtensions, List<String> holdMusicExtensions, AppQueue appQueue,
        Path holdMusic, Path dialplan, boolean qualify, List<String> extraDialplan, List<TrunkPeer> trunks) {

    /** The context unauthenticated callers (sipp callers, guests) land in. */
    public static final String CALLER_CONTEXT = "from-callers";
    /** The app_queue queue of the benchmark variant. */
    public static final String APP_QUEUE = "q";
    /** unix socket paths are limited to 108 bytes: a longer run folder gets its socket folder in /tmp. */
    private static final int MAX_SOCKET_PATH = 100;

    /** A phone that registers with digest auth ({@code type=friend host=dynamic}). */
    public record AgentPeer(String extension, String password) {
        public String device() {
            return "SIP/" + extension;
        }
    }

    /**
     * "The public network" behind an address-based trunk: a peer at 127.0.0.1:{@code port} (a sipp UAS),
     * reached as {@code SIP/<name>/<number>}; its calls in land in {@value #CALLER_CONTEXT}.
     */
    public record TrunkPeer(String name, int port) {
    }

    public enum QueueStrategy {
        // RANDOM: the benchmark's fairer app_queue under load (concurrent callers of rrmemory pick the same member)
        RINGALL, RRMEMORY, RANDOM;

        String asterisk() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A service number answered by app_queue {@code Queue(q)} with every agent as a member. */
    public record AppQueue(String number, QueueStrategy strategy) {
    }

    public Path etcDir() {
        return runDir.resolve("etc");
    }

    public Path mohDir() {
        return runDir.resolve("moh");
    }

    /** The hold music as Asterisk plays it (no extension, as Playback() wants it). */
    public Path holdMusicFile() {
        return mohDir().resolve("hold-music");
    }

    public Path runSocketDir() {
        Path inRun = runDir.resolve("run");
        if (inRun.resolve("asterisk.ctl").toString().length() <= MAX_SOCKET_PATH) {
            return inRun;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "openucc-ast-" + Integer.toHexString(runDir.hashCode()));
    }

    public Path controlSocket() {
        return runSocketDir().resolve("asterisk.ctl");
    }

    void write() throws IOException {
        for (String d : List.of("etc", "log", "moh", "tmp", "var/lib/keys", "spool", "agi-bin", "recordings")) {
            Files.createDirectories(runDir.resolve(d));
        }
        Files.createDirectories(runSocketDir());
        writeHoldMusic();
        conf("asterisk.conf", asteriskConf());
        conf("modules.conf", """
                [modules]
                autoload = yes
                ; not configured here, and noisy or slow without configuration
                noload = res_ari.so
                noload = res_ari_applications.so
                noload = res_ari_asterisk.so
                noload = res_ari_bridges.so
                noload = res_ari_channels.so
                noload = res_ari_device_states.so
                noload = res_ari_endpoints.so
                noload = res_ari_events.so
                noload = res_ari_model.so
                noload = res_ari_playbacks.so
                noload = res_ari_recordings.so
                noload = res_ari_sounds.so
                noload = res_http_websocket.so
                noload = res_websocket_client.so
                noload = app_stasis.so
                """);
        conf("logger.conf", """
                [general]
                dateformat = %F %T.%3q
                [logfiles]
                full => notice,warning,error,verbose(4),dtmf
                console => error
                """);
        conf("manager.conf", managerConf());
        conf("sip.conf", sipConf());
        conf("rtp.conf", """
                [general]
                rtpstart = %d
                rtpend = %d
                rtpchecksums = no
                strictrtp = no
                """.formatted(rtpStart, rtpStart + rtpCount - 1));
        conf("musiconhold.conf", """
                [default]
                mode = files
                directory = %s
                sort = alpha
                """.formatted(mohDir()));
        conf("queues.conf", queuesConf());
        conf("extensions.conf", extensionsConf());
        conf("indications.conf", """
                [general]
                country = us
                [us]
                description = United States / North America
                ringcadence = 2000,4000
                dial = 350+440
                busy = 480+620/500,0/500
                ring = 440+480/2000,0/4000
                congestion = 480+620/250,0/250
                callwaiting = 440/300,0/10000
                dialrecall = !350+440/100,!0/100,!350+440/100,!0/100,!350+440/100,!0/100,350+440
                record = 1400/500,0/15000
                info = !950/330,!1400/330,!1800/330,0
                stutter = !350+440/100,!0/100,!350+440/100,!0/100,!350+440/100,!0/100,350+440
                """);
        conf("ccss.conf", """
                [general]
                cc_max_requests = 0
                """);
        conf("cdr.conf", """
                [general]
                enable = no
                """);
        for (String quiet : List.of("features.conf", "udptl.conf", "amd.conf", "confbridge.conf")) {
            conf(quiet, "[general]\n"); // defaults, without an "Unable to load config file" error in the log
        }
        conf("acl.conf", "; no named ACLs\n");
        conf("cel.conf", """
                [general]
                enable = no
                """);
    }

    private String asteriskConf() {
        // No "(!)" after [directories]: that would make the section a template nobody uses.
        return """
                [directories]
                astetcdir => %s
                astmoddir => %s
                astvarlibdir => %s
                astdbdir => %s
                astkeydir => %s
                astdatadir => %s
                astagidir => %s
                astspooldir => %s
                astrundir => %s
                astlogdir => %s
                astsbindir => %s
                [options]
                verbose = 4
                debug = 0
                documentation_language = en_US
                transmit_silence = no
                hideconnect = yes
                """.formatted(etcDir(), prefix.resolve("lib/asterisk/modules"), runDir.resolve("var/lib"),
                runDir.resolve("var/lib"), runDir.resolve("var/lib"), prefix.resolve("var/lib/asterisk"),
                runDir.resolve("agi-bin"), runDir.resolve("spool"), runSocketDir(), runDir.resolve("log"),
                prefix.resolve("sbin"));
    }

    private String managerConf() {
        return """
                [general]
                enabled = yes
                port = %d
                bindaddr = 127.0.0.1
                webenabled = no
                displayconnects = yes
                timestampevents = yes

                [%s]
                secret = %s
                deny = 0.0.0.0/0.0.0.0
                permit = 127.0.0.1/255.255.255.255
                read = all
                write = all
                writetimeout = 5000
                """.formatted(amiPort, amiUser, amiSecret);
    }

    private String sipConf() {
        StringBuilder s = new StringBuilder("""
                [general]
                context = %s
                allowguest = yes
                alwaysauthreject = yes
                udpbindaddr = 127.0.0.1:%d
                tcpenable = no
                transport = udp
                srvlookup = no
                disallow = all
                allow = ulaw
                allow = alaw
                dtmfmode = rfc2833
                directmedia = no
                nat = no
                qualify = no
                minexpiry = 60
                maxexpiry = 3600
                defaultexpiry = 3600
                useragent = OpenUCC test Asterisk
                callcounter = yes
                notifyringing = yes
                notifyhold = yes
                """.formatted(CALLER_CONTEXT, sipPort));
        for (AgentPeer a : agents) {
            s.append("""

                    [%s]
                    type = friend
                    host = dynamic
                    defaultuser = %s
                    secret = %s
                    context = %s
                    qualify = %s
                    qualifyfreq = 5
                    """.formatted(a.extension(), a.extension(), a.password(), agentContext, qualify ? "yes" : "no"));
        }
        for (TrunkPeer t : trunks) {
            s.append("""

                    [%s]
                    type = peer
                    host = 127.0.0.1
                    port = %d
                    insecure = invite,port
                    context = %s
                    qualify = no
                    """.formatted(t.name(), t.port(), CALLER_CONTEXT));
        }
        return s.toString();
    }

    private String queuesConf() {
        if (appQueue == null) {
            return "[general]\npersistentmembers = no\n";
        }
        return """
                [general]
                persistentmembers = no
                shared_lastcall = no

                [%s]
                strategy = %s
                musicclass = default
                timeout = 15
                retry = 1
                wrapuptime = 0
                ringinuse = no
                joinempty = yes
                leavewhenempty = no
                announce-frequency = 0
                periodic-announce-frequency = 0
                announce-holdtime = no
                announce-position = no
                %s
                """.formatted(APP_QUEUE, appQueue.strategy().asterisk(), agents.stream()
                .map(a -> "member => " + a.device()).collect(Collectors.joining("\n")));
    }

    private String extensionsConf() {
        StringBuilder s = new StringBuilder("""
                [general]
                static = yes
                writeprotect = yes
                clearglobalvars = yes

                [globals]
                OPENUCC_AGI = agi://127.0.0.1:%d

                #include "%s"

                [%s]
                """.formatted(agiPort, dialplan.toAbsolutePath(), CALLER_CONTEXT));
        for (String n : services) {
            s.append("exten => ").append(n).append(",1,Goto(openucc-inbound,${EXTEN},1)\n");
        }
        for (String n : echoExtensions) {
            s.append("exten => ").append(n).append(",1,Answer()\n same => n,Echo()\n same => n,Hangup()\n");
        }
        for (String n : holdMusicExtensions) {
            s.append("exten => ").append(n).append(",1,Answer()\n same => n,Playback(")
                    .append(holdMusicFile()).append(")\n same => n,Hangup()\n");
        }
        if (appQueue != null) {
            s.append("exten => ").append(appQueue.number()).append(",1,Answer()\n same => n,Queue(").append(APP_QUEUE)
                    .append(")\n same => n,Hangup()\n");
        }
        s.append("""

                ; the agents' own calls: the same numbers as callers, and each other by extension
                [%s]
                include => %s
                exten => _X.,1,Dial(SIP/${EXTEN},30)
                 same => n,Hangup()
                """.formatted(agentContext, CALLER_CONTEXT));
        extraDialplan.forEach(lines -> s.append('\n').append(lines).append('\n'));
        return s.toString();
    }

    private void conf(String name, String text) throws IOException {
        Files.writeString(etcDir().resolve(name), text, StandardCharsets.UTF_8);
    }

    /** format_wav plays 8 kHz 16-bit PCM WAV: anything else (e.g. the mu-law prompts) is converted. */
    private void writeHoldMusic() throws IOException {
        Path target = mohDir().resolve("hold-music.wav");
        try (AudioInputStream in = AudioSystem.getAudioInputStream(holdMusic.toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getSampleRate() != 8000f || f.getChannels() != 1) {
                throw new IOException(holdMusic + " must be 8 kHz mono for Asterisk's format_wav, is " + f);
            }
            AudioFormat pcm = new AudioFormat(8000f, 16, 1, true, false);
            try (AudioInputStream converted = f.matches(pcm) ? in : AudioSystem.getAudioInputStream(pcm, in)) {
                AudioSystem.write(converted, AudioFileFormat.Type.WAVE, target.toFile());
            }
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("hold music " + holdMusic + " is not a WAV file Java can read", e);
        }
    }
}
