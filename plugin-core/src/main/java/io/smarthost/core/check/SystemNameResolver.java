package io.smarthost.core.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/** {@link NameResolver#system()}: JDK resolver for addresses, the JDK's JNDI DNS provider for MX (no extra jar). */
final class SystemNameResolver implements NameResolver {
    static final SystemNameResolver INSTANCE = new SystemNameResolver();

    private SystemNameResolver() {
    }

    @Override
    public List<InetAddress> addresses(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }

    @Override
    public List<String> mailExchangers(String domain) throws IOException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        // Bounded: 2 s first try, one retry; the check's overall deadline still applies on top.
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        DirContext context = null;
        try {
            context = new InitialDirContext(env);
            Attributes attributes = context.getAttributes(domain, new String[] {"MX"});
            Attribute mx = attributes.get("MX");
            if (mx == null) {
                return List.of();
            }
            List<String[]> records = new ArrayList<>();
            NamingEnumeration<?> values = mx.getAll();
            while (values.hasMore()) {
                String[] parts = values.next().toString().trim().split("\\s+");
                if (parts.length == 2) {
                    records.add(parts);
                }
            }
            records.sort(Comparator.comparingInt(r -> parseInt(r[0])));
            return records.stream().map(r -> stripDot(r[1])).filter(h -> !h.isEmpty()).toList();
        } catch (NameNotFoundException e) {
            return List.of();
        } catch (NamingException e) {
            throw new IOException("MX lookup for " + domain + " failed: " + e.getExplanation(), e);
        } finally {
            if (context != null) {
                try {
                    context.close();
                } catch (NamingException ignored) {
                    // nothing held open worth reporting
                }
            }
        }
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
