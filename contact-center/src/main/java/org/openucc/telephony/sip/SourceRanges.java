package org.openucc.telephony.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of literal addresses and CIDR ranges (e.g. a SIP trunk's {@code 203.0.113.0/28}) that a
 * request's source address is matched against. Literals only: trust must not depend on DNS.
 */
final class SourceRanges {
    private record Range(byte[] network, int bits) {
        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    /** @throws IllegalArgumentException for an entry that is not an address or range (the config validator says where) */
    SourceRanges(List<String> entries) {
        List<Range> out = new ArrayList<>();
        for (String e : entries) {
            int slash = e.indexOf('/');
            try {
                byte[] address = InetAddress.getByName(slash < 0 ? e : e.substring(0, slash)).getAddress();
                int bits = slash < 0 ? address.length * 8 : Integer.parseInt(e.substring(slash + 1));
                out.add(new Range(address, bits));
            } catch (UnknownHostException | NumberFormatException ex) {
                throw new IllegalArgumentException("'" + e + "' is not an IP address or CIDR range", ex);
            }
        }
        this.ranges = List.copyOf(out);
    }

    boolean contains(InetAddress address) {
        if (address == null || ranges.isEmpty()) {
            return false;
        }
        byte[] a = address.getAddress();
        for (Range r : ranges) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
