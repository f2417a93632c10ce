package io.smarthost.core.relay;

import java.util.Locale;

/** IPv6 text to RFC 5952 canonical text, without any name lookup. */
final class Ipv6 {

    private Ipv6() {
    }

    static String canonical(String text) {
        return format(parse(text));
    }

    static int[] parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.length() > 45 || !t.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            throw bad();
        }
        int[] groups = new int[8];
        int gap = t.indexOf("::");
        if (gap >= 0 && t.indexOf("::", gap + 1) >= 0) {
            throw bad();
        }
        String head = gap >= 0 ? t.substring(0, gap) : t;
        String tail = gap >= 0 ? t.substring(gap + 2) : "";
        int[] h = groups(head, gap < 0);
        int[] tl = gap >= 0 ? groups(tail, true) : new int[0];
        if (gap < 0 && h.length != 8 || gap >= 0 && h.length + tl.length > 7) {
            throw bad();
        }
        System.arraycopy(h, 0, groups, 0, h.length);
        System.arraycopy(tl, 0, groups, 8 - tl.length, tl.length);
        return groups;
    }

    /** Groups of one side of {@code ::}; the last one may be a dotted IPv4 address (two groups). */
    private static int[] groups(String side, boolean mayEndInIpv4) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.indexOf('.') >= 0) {
                if (!mayEndInIpv4 || i != parts.length - 1) {
                    throw bad();
                }
                int[] v4 = ipv4(p);
                out[n++] = v4[0] << 8 | v4[1];
                out[n++] = v4[2] << 8 | v4[3];
            } else {
                if (p.isEmpty() || p.length() > 4) {
                    throw bad();
                }
                out[n++] = Integer.parseInt(p, 16);
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static int[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw bad();
        }
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
                throw bad();
            }
            out[i] = Integer.parseInt(p);
        }
        return out;
    }

    /** RFC 5952: lower case, no leading zeros, the longest run (2+) of zero groups as {@code ::}. */
    static String format(int[] g) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    private static HostSyntaxException bad() {
        return new HostSyntaxException(HostProblem.INVALID_IPV6);
    }
}
