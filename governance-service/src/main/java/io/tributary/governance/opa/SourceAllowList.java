package io.tributary.governance.opa;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Source addresses allowed to ask the OPA endpoints, as CIDR blocks ({@code 10.0.0.0/8}, {@code ::1/128}). */
public final class SourceAllowList {

    private record Block(byte[] network, int bits) {}

    private final List<Block> blocks = new ArrayList<>();

    public SourceAllowList(List<String> cidrs) {
        for (String cidr : cidrs) {
            String text = cidr.trim();
            if (text.isEmpty()) {
                continue;
            }
            int slash = text.indexOf('/');
            try {
                byte[] address = InetAddress.getByName(slash < 0 ? text : text.substring(0, slash))
                        .getAddress();
                int bits = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + text);
                }
                blocks.add(new Block(address, bits));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException(
                        "tributary.governance.opa.allowed-sources: '" + text + "' is not a CIDR block", e);
            }
        }
    }

    public boolean allows(String host) {
        if (host == null) {
            return false;
        }
        byte[] address;
        try {
            // Only literal addresses reach here (the peer of a socket), so no name is ever resolved.
            if (!host.matches("[0-9a-fA-F:.%]+")) {
                return false;
            }
            address = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        for (Block block : blocks) {
            if (block.network().length == address.length && matches(block, address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Block block, byte[] address) {
        int full = block.bits() / 8;
        for (int i = 0; i < full; i++) {
            if (block.network()[i] != address[i]) {
                return false;
            }
        }
        int rest = block.bits() % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (block.network()[full] & mask) == (address[full] & mask);
    }
}
