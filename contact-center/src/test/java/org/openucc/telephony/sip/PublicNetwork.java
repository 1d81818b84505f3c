package org.openucc.telephony.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.openucc.config.TrunkConfig;
import org.openucc.telephony.media.WavAudio;

/**
 * "The public network" behind a SIP trunk for the outbound tests: sipp running
 * {@code sipp/public-network.xml} (what a number does is its last digit: busy, never answered, a
 * machine, refused, a person) with the AMD samples as the person's "Hello?" and the machine's greeting.
 */
final class PublicNetwork implements AutoCloseable {
    final Sipp sipp;
    final int port;

    private PublicNetwork(Sipp sipp, int port) {
        this.sipp = sipp;
        this.port = port;
    }

    static PublicNetwork start(Path dir) throws Exception {
        Files.copy(Sipp.scenario("public-network.xml"), dir.resolve("public-network.xml"),
                StandardCopyOption.REPLACE_EXISTING);
        WavPcap.write(dir.resolve("person.pcap"), sample("human-hello.wav"));
        WavPcap.write(dir.resolve("machine.pcap"), sample("machine-greeting.wav"));
        int port = Sipp.freeUdpPort();
        return new PublicNetwork(Sipp.start(dir, "public-network.xml", "-sf", dir.resolve("public-network.xml").toString(),
                "-i", "127.0.0.1", "-p", Integer.toString(port), "-mp", Integer.toString(Sipp.freeMediaPort())), port);
    }

    /** An address-based trunk to this network, presenting +4930555000. */
    TrunkConfig trunk() {
        return new TrunkConfig("net", "127.0.0.1", port, "udp", null, List.of(), "+4930555000", false, List.of(),
                List.of());
    }

    static short[] sample(String name) throws Exception {
        Path p = Path.of("src/test/resources/amd", name);
        if (!p.toFile().exists()) {
            p = Path.of("contact-center/src/test/resources/amd", name);
        }
        return WavAudio.read(p);
    }

    @Override
    public void close() {
        sipp.close();
    }
}
