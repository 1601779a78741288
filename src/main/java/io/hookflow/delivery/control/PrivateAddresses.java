package io.hookflow.delivery.control;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses a webhook must not reach from inside the operator's network: loopback, private (RFC 1918, unique
 * local, carrier-grade NAT), link-local (where cloud metadata services live), unspecified, multicast and
 * reserved ranges, and the well-known metadata endpoints that sit outside those ranges.
 */
final class PrivateAddresses {

    private PrivateAddresses() {
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        if (address instanceof Inet4Address v4) {
            return isPrivateV4(v4.getAddress());
        }
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7 unique local, AWS's fd00:ec2::254 metadata among them
            }
            if (embedsV4(b, 12) || isNat64(b)) {
                byte[] v4 = new byte[]{b[12], b[13], b[14], b[15]};
                return isPrivateV4(v4) || isPrivate(v4Address(v4));
            }
        }
        return false;
    }

    private static boolean isPrivateV4(byte[] a) {
        int first = a[0] & 0xff;
        int second = a[1] & 0xff;
        return first == 0                                   // "this network"
                || first == 127 || first == 10
                || (first == 100 && (second & 0xc0) == 64)  // 100.64.0.0/10 carrier-grade NAT (Alibaba metadata)
                || (first == 169 && second == 254)          // link-local: 169.254.169.254 metadata
                || (first == 172 && (second & 0xf0) == 16)
                || (first == 192 && second == 168)
                || (first == 192 && second == 0 && (a[2] & 0xff) == 0) // IETF protocol assignments
                || (first == 198 && (second & 0xfe) == 18)  // 198.18.0.0/15 benchmarking
                || first >= 224                             // multicast, reserved, broadcast
                || (first == 168 && second == 63 && (a[2] & 0xff) == 129 && (a[3] & 0xff) == 16); // Azure host endpoint
    }

    /** {@code ::a.b.c.d} (IPv4-compatible); IPv4-mapped addresses already come back as {@link Inet4Address}. */
    private static boolean embedsV4(byte[] b, int prefixZeros) {
        for (int i = 0; i < prefixZeros; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** 64:ff9b::/96, the NAT64 well-known prefix, translates to the embedded IPv4 address. */
    private static boolean isNat64(byte[] b) {
        if (b[0] != 0 || b[1] != 0x64 || (b[2] & 0xff) != 0xff || (b[3] & 0xff) != 0x9b) {
            return false;
        }
        for (int i = 4; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4Address(byte[] v4) {
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
