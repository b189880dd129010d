package io.tributary.governance.core.pii;

/**
 * IPv4 in dotted decimal (four octets 0 to 255, no leading zeros) and IPv6 in full, compressed ({@code ::}) and
 * IPv4-mapped forms. Zone ids, prefixes and brackets are not addresses a column holds as personal data.
 */
public final class IpAddressDetector implements PiiDetector {

    @Override
    public String tag() {
        return "pii.ip";
    }

    @Override
    public boolean matches(String value) {
        if (value == null || value.length() > 64) {
            return false;
        }
        String v = value.strip();
        return v.indexOf(':') >= 0 ? isIpv6(v) : isIpv4(v, 0, v.length());
    }

    static boolean isIpv4(String v, int start, int end) {
        int octets = 0;
        int i = start;
        while (true) {
            int digits = 0;
            int octet = 0;
            while (i < end && v.charAt(i) >= '0' && v.charAt(i) <= '9' && digits < 4) {
                octet = octet * 10 + (v.charAt(i) - '0');
                digits++;
                i++;
            }
            if (digits == 0 || digits > 3 || octet > 255 || (digits > 1 && v.charAt(i - digits) == '0')) {
                return false;
            }
            octets++;
            if (i == end) {
                return octets == 4;
            }
            if (v.charAt(i) != '.' || octets == 4) {
                return false;
            }
            i++;
        }
    }

    static boolean isIpv6(String v) {
        int end = v.length();
        int groups = 0;
        boolean compressed = false;
        int i = 0;
        if (v.startsWith("::")) {
            compressed = true;
            i = 2;
            if (i == end) {
                return true;
            }
        } else if (v.startsWith(":")) {
            return false;
        }
        while (i < end) {
            int groupStart = i;
            while (i < end && i - groupStart < 5 && hex(v.charAt(i))) {
                i++;
            }
            if (i < end && v.charAt(i) == '.') {
                // an embedded IPv4 address takes the last two groups
                return groups <= (compressed ? 5 : 6) && (compressed || groups == 6) && isIpv4(v, groupStart, end);
            }
            int length = i - groupStart;
            if (length == 0 || length > 4) {
                return false;
            }
            groups++;
            if (i == end) {
                break;
            }
            if (v.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < end && v.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == end) {
                    break;
                }
            } else if (i == end) {
                return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
