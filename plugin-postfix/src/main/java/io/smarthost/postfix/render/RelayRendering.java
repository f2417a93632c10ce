package io.smarthost.postfix.render;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.backend.UnicodeKeys;
import io.smarthost.core.relay.Relay;
import io.smarthost.postfix.maincf.MainCf;
import io.smarthost.postfix.maincf.MasterCf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a desired state into Postfix text: the managed main.cf parameters, our master.cf block and
 * the lines of each lookup table. Pure functions of their input: the same state gives the same bytes.
 *
 * @param mapsDir folder of our lookup tables (absolute)
 * @param caFile  CA bundle for relays whose certificate is verified
 * @param srs     where postsrsd answers, for the SRS parameters (since 1.3)
 */
public record RelayRendering(Path mapsDir, String caFile, io.smarthost.postfix.srs.SrsDaemon srs) {

    /** With postsrsd where Debian puts it. */
    public RelayRendering(Path mapsDir, String caFile) {
        this(mapsDir, caFile, io.smarthost.postfix.srs.SrsDaemon.DEBIAN);
    }

    /** First line of every map file we write. */
    public static final String MAP_HEADER = "# Managed by the panel's smarthost feature: changes here are overwritten.\n";

    /** Every main.cf parameter the feature manages (takes over when enabled, removes when disabled). */
    public static final List<String> MANAGED = List.of(
            "relayhost",
            "default_transport",
            "smtp_sasl_auth_enable",
            MapKind.SASL_PASSWD.parameter(),
            "smtp_sasl_security_options",
            "smtp_sasl_tls_security_options",
            "smtp_sender_dependent_authentication",
            MapKind.SENDER_RELAY.parameter(),
            MapKind.SENDER_TRANSPORT.parameter(),
            // SRS (postsrsd), written while SRS is on and a relay is on
            "sender_canonical_maps", "sender_canonical_classes", "recipient_canonical_maps", "recipient_canonical_classes");

    public String table(MapKind kind) {
        return "hash:" + mapsDir.resolve(kind.file());
    }

    /**
     * The managed parameters and their values; parameters of {@link #MANAGED} missing here are
     * removed. Empty when the feature is off (no server relay, no domain relay).
     */
    public Map<String, String> mainCfParameters(Optional<Relay> server, boolean anyDomain) {
        Map<String, String> p = new LinkedHashMap<>();
        if (server.isEmpty() && !anyDomain) {
            return p;
        }
        server.ifPresent(s -> {
            p.put("relayhost", Nexthop.list(s));
            // wrapper mode and TLS level belong to the route: default_transport carries them for the server relay
            p.put("default_transport", Transport.serviceOf(s));
        });
        p.put("smtp_sasl_auth_enable", "yes");
        p.put(MapKind.SASL_PASSWD.parameter(), table(MapKind.SASL_PASSWD));
        p.put("smtp_sasl_security_options", "noanonymous");
        p.put("smtp_sasl_tls_security_options", "noanonymous");
        p.put("smtp_sender_dependent_authentication", "yes");
        p.put(MapKind.SENDER_RELAY.parameter(), table(MapKind.SENDER_RELAY));
        p.put(MapKind.SENDER_TRANSPORT.parameter(), table(MapKind.SENDER_TRANSPORT));
        return p;
    }

    /**
     * {@link #mainCfParameters(Optional, boolean)} for {@code desired}, with the SRS parameters when its
     * SRS switch is on and a relay is on ({@link io.smarthost.postfix.srs.SrsRendering}).
     */
    public Map<String, String> mainCfParameters(DesiredState desired) {
        // per-sender relays (1.3) need the sender maps as domain relays do
        Map<String, String> p = mainCfParameters(desired.server(), desired.hasDomains() || desired.hasSenders());
        if (!p.isEmpty() && desired.srs()) {
            p.putAll(io.smarthost.postfix.srs.SrsRendering.parameters(mapsDir, srs));
        }
        return p;
    }

    /**
     * Edits {@code mainCf} so that the managed parameters Postfix uses are exactly {@code params}.
     * A value written by hand is kept as a saved comment where it stood ({@link MainCf#takeOver}), and
     * comes back as it was when the feature is turned off ({@code params} empty). A managed parameter
     * that {@code params} leaves out while the feature stays on loses our line; a line written by hand
     * for it stays (see {@link MainCf#release}).
     */
    public static void applyTo(MainCf mainCf, Map<String, String> params) {
        for (String name : MANAGED) {
            String value = params.get(name);
            if (value == null) {
                mainCf.release(name, params.isEmpty());
            } else {
                mainCf.takeOver(name, value);
            }
        }
        mainCf.removeMarkerIfEmpty();
    }

    /** Edits {@code masterCf}: our transports when the feature is on, none when off. */
    public void applyTo(MasterCf masterCf, boolean enabled) {
        masterCf.replaceBlock(name -> name.startsWith(Transport.PREFIX), enabled ? Transport.masterBlock(caFile) : "");
    }

    /**
     * The entry of {@code kind} for one sender domain, if it has one. A domain with {@code xn--} labels has a second
     * one, {@link #unicodeDomainEntry}.
     */
    public static Optional<MapEntry> domainEntry(MapKind kind, String senderDomain, Relay relay) {
        return domainEntryKeyed(kind, "@" + senderDomain, relay);
    }

    /**
     * The entry of {@code kind} under the Unicode key of a sender domain with {@code xn--} labels
     * ({@code @bücher.example}, {@link UnicodeKeys}): the value of {@link #domainEntry}, for mail whose sender is
     * written in Unicode (SMTPUTF8), which Postfix looks up as it is. Empty for other names.
     */
    public static Optional<MapEntry> unicodeDomainEntry(MapKind kind, String senderDomain, Relay relay) {
        String key = UnicodeKeys.ofDomain(senderDomain);
        return key == null ? Optional.empty() : domainEntryKeyed(kind, key, relay);
    }

    /** The entry of {@code kind} under the Unicode key of a sender address ({@link #unicodeDomainEntry}). */
    public static Optional<MapEntry> unicodeSenderEntry(MapKind kind, String address, Relay relay) {
        String key = UnicodeKeys.of(address);
        return key == null ? Optional.empty() : senderEntry(kind, key, relay);
    }

    private static Optional<MapEntry> domainEntryKeyed(MapKind kind, String key, Relay relay) {
        return switch (kind) {
            case SENDER_RELAY -> Optional.of(new MapEntry(key, Nexthop.list(relay)));
            case SENDER_TRANSPORT -> Optional.of(new MapEntry(key, Transport.of(relay).route(relay)));
            case SASL_PASSWD -> relay.credentials().map(c -> new MapEntry(key, c.username() + ":" + c.secret().reveal()));
        };
    }

    /**
     * The entry of {@code kind} for one sender address (per-sender relays, 1.3): the same values as a
     * domain's, keyed by the full address, which Postfix looks up before {@code @domain} in
     * {@code sender_dependent_relayhost_maps}, {@code sender_dependent_default_transport_maps} and, with
     * {@code smtp_sender_dependent_authentication = yes}, in {@code smtp_sasl_password_maps}.
     */
    public static Optional<MapEntry> senderEntry(MapKind kind, String address, Relay relay) {
        return switch (kind) {
            case SENDER_RELAY -> Optional.of(new MapEntry(address, Nexthop.of(relay.address())));
            case SENDER_TRANSPORT -> Optional.of(new MapEntry(address, Transport.of(relay).route(relay)));
            case SASL_PASSWD -> relay.credentials().map(c -> new MapEntry(address, c.username() + ":" + c.secret().reveal()));
        };
    }

    /** The server-wide entry of {@code kind}: only the password map has one, keyed by the next-hop. */
    public static Optional<MapEntry> serverEntry(MapKind kind, Relay server) {
        if (kind != MapKind.SASL_PASSWD) {
            return Optional.empty();
        }
        return server.credentials().map(c -> new MapEntry(Nexthop.of(server.address()),
                c.username() + ":" + c.secret().reveal()));
    }

    /**
     * The server-wide entries of {@code kind}: the login of the relay's next hop and, with a backup, the
     * login of the backup's next hop (its own, else the relay's). Postfix looks the password map up by
     * sender first, then by the next hop being tried, so these apply to mail without a sender-keyed login.
     *
     * @since 1.3
     */
    public static List<MapEntry> serverEntries(MapKind kind, Relay server) {
        List<MapEntry> entries = new java.util.ArrayList<>(2);
        serverEntry(kind, server).ifPresent(entries::add);
        if (kind == MapKind.SASL_PASSWD && server.backup().isPresent()) {
            var backup = server.backup().get();
            backup.credentials(server).ifPresent(c -> entries.add(new MapEntry(Nexthop.of(backup.address()),
                    c.username() + ":" + c.secret().reveal())));
        }
        return entries;
    }

    /** Checks every value that will be written, before anything is written. */
    public static void validate(DesiredState desired) throws BackendException {
        if (desired.server().isPresent()) {
            SafeValues.checkRelay("server-wide relay", desired.server().get());
        }
        BackendException[] failure = new BackendException[1];
        desired.forEachDomain((domain, relay) -> {
            if (failure[0] == null) {
                try {
                    SafeValues.checkSenderDomain(domain);
                    SafeValues.checkRelay("relay of " + domain, relay);
                } catch (BackendException e) {
                    failure[0] = e;
                }
            }
        });
        desired.forEachSender((address, relay) -> {
            if (failure[0] == null) {
                try {
                    SafeValues.checkSenderAddress(address);
                    SafeValues.checkRelay("relay of " + address, relay);
                } catch (BackendException e) {
                    failure[0] = e;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /**
     * The whole text of one map for {@code desired}: header, server entry, then domains in name order, the Unicode
     * keys of IDN domains ({@link #unicodeDomainEntry}), and the sender addresses (each followed by its Unicode key).
     */
    public static byte[] renderMap(MapKind kind, DesiredState desired) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        out.writeBytes(MAP_HEADER.getBytes(StandardCharsets.US_ASCII));
        desired.server().map(s -> serverEntries(kind, s)).orElse(List.of()).forEach(e -> out.writeBytes(bytes(e)));
        List<MapEntry> unicode = new java.util.ArrayList<>();
        desired.forEachDomain((d, r) -> {
            domainEntry(kind, d, r).ifPresent(e -> out.writeBytes(bytes(e)));
            if (d.contains("xn--")) {
                unicodeDomainEntry(kind, d, r).ifPresent(unicode::add);
            }
        });
        unicode.forEach(e -> out.writeBytes(bytes(e)));
        desired.forEachSender((a, r) -> {
            senderEntry(kind, a, r).ifPresent(e -> out.writeBytes(bytes(e)));
            if (a.contains("xn--")) {
                unicodeSenderEntry(kind, a, r).ifPresent(e -> out.writeBytes(bytes(e)));
            }
        });
        return out.toByteArray();
    }

    /**
     * All maps in one pass over the domains, validating each value on the way (a store-backed state
     * is read once, on this thread). Holds the three texts in memory: for the self-check; an apply
     * streams them to files with {@link #writeMaps}.
     */
    public static java.util.Map<MapKind, byte[]> renderMaps(DesiredState desired) throws BackendException {
        java.util.Map<MapKind, ByteArrayOutputStream> out = new java.util.EnumMap<>(MapKind.class);
        // buffered as an apply's files are: the lines' writes then meet one class of stream, and the code the JIT
        // compiled for this check (at the panel's start) serves the first apply as it is
        java.util.Map<MapKind, java.io.BufferedOutputStream> buffered = new java.util.EnumMap<>(MapKind.class);
        for (MapKind kind : MapKind.values()) {
            out.put(kind, new ByteArrayOutputStream(1 << 16));
            buffered.put(kind, new java.io.BufferedOutputStream(out.get(kind), 1 << 16));
        }
        try {
            writeMaps(desired, buffered);
            for (java.io.BufferedOutputStream b : buffered.values()) {
                b.flush();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        java.util.Map<MapKind, byte[]> result = new java.util.EnumMap<>(MapKind.class);
        out.forEach((k, v) -> result.put(k, v.toByteArray()));
        return result;
    }

    /** Overwrites a rendered login line (it holds a password) once it is written. */
    private static void forget(byte[] line) {
        if (line != null) {
            java.util.Arrays.fill(line, (byte) 0);
        }
    }

    /**
     * Writes the three maps (header, server entry, domains in name order, the Unicode keys of IDN domains, sender
     * addresses each with its Unicode key) in one pass over the domains, validating each value on the way; nothing
     * is held beyond the streams' buffers but the IDN domains' keys and relays. The streams are not closed.
     *
     * @return how many entries each map received
     */
    public static java.util.Map<MapKind, Long> writeMaps(DesiredState desired, java.util.Map<MapKind, ? extends java.io.OutputStream> out)
            throws BackendException, java.io.IOException {
        if (desired.server().isPresent()) {
            SafeValues.checkRelay("server-wide relay", desired.server().get());
        }
        long[] counts = new long[MapKind.values().length];
        for (MapKind kind : MapKind.values()) {
            out.get(kind).write(MAP_HEADER.getBytes(StandardCharsets.US_ASCII));
            for (MapEntry server : desired.server().map(s -> serverEntries(kind, s)).orElse(List.of())) {
                out.get(kind).write(bytes(server));
                counts[kind.ordinal()]++;
            }
        }
        java.io.OutputStream relays = out.get(MapKind.SENDER_RELAY);
        java.io.OutputStream transports = out.get(MapKind.SENDER_TRANSPORT);
        java.io.OutputStream logins = out.get(MapKind.SASL_PASSWD);
        Exception[] failure = new Exception[1];
        // the domains a bulk change set share one relay object (StoreDesiredState): it is checked and its
        // three line endings rendered once, then each domain adds its key
        Relay[] last = {null};
        byte[][] tails = new byte[3][];
        List<java.util.Map.Entry<String, Relay>> unicode = new java.util.ArrayList<>();
        desired.forEachDomain((d, r) -> {
            if (failure[0] != null) {
                return;
            }
            try {
                SafeValues.checkSenderDomain(d);
                if (r != last[0]) {
                    SafeValues.checkRelay("relay of " + d, r);
                    String nexthop = Nexthop.list(r);
                    tails[0] = (' ' + nexthop + '\n').getBytes(StandardCharsets.UTF_8);
                    tails[1] = (' ' + Transport.serviceOf(r) + ':' + nexthop + '\n').getBytes(StandardCharsets.UTF_8);
                    forget(tails[2]);
                    tails[2] = r.credentials().map(c -> (' ' + c.username() + ':' + c.secret().reveal() + '\n')
                            .getBytes(StandardCharsets.UTF_8)).orElse(null);
                    last[0] = r;
                }
                byte[] key = ('@' + d).getBytes(StandardCharsets.UTF_8);
                relays.write(key);
                relays.write(tails[0]);
                transports.write(key);
                transports.write(tails[1]);
                counts[MapKind.SENDER_RELAY.ordinal()]++;
                counts[MapKind.SENDER_TRANSPORT.ordinal()]++;
                if (tails[2] != null) {
                    logins.write(key);
                    logins.write(tails[2]);
                    counts[MapKind.SASL_PASSWD.ordinal()]++;
                }
                // an IDN domain's Unicode key: written after the domains, which stay one sorted run (TextMap's binary
                // search); an ASCII name pays one contains
                if (d.contains("xn--")) {
                    String u = UnicodeKeys.ofDomain(d);
                    if (u != null) {
                        unicode.add(java.util.Map.entry(u, r));
                    }
                }
            } catch (BackendException | java.io.IOException e) {
                failure[0] = e;
            }
        });
        forget(tails[2]);
        if (failure[0] == null) {
            for (java.util.Map.Entry<String, Relay> u : unicode) {
                for (MapKind kind : MapKind.values()) {
                    java.util.Optional<MapEntry> e = domainEntryKeyed(kind, u.getKey(), u.getValue());
                    if (e.isPresent()) {
                        out.get(kind).write(bytes(e.get()));
                        counts[kind.ordinal()]++;
                    }
                }
            }
        }
        // per-sender relays (1.3): after the domains, keyed by the whole address
        desired.forEachSender((a, r) -> {
            if (failure[0] != null) {
                return;
            }
            try {
                SafeValues.checkSenderAddress(a);
                SafeValues.checkRelay("relay of " + a, r);
                for (MapKind kind : MapKind.values()) {
                    java.util.Optional<MapEntry> e = senderEntry(kind, a, r);
                    if (e.isPresent()) {
                        out.get(kind).write(bytes(e.get()));
                        counts[kind.ordinal()]++;
                    }
                    java.util.Optional<MapEntry> u = a.contains("xn--") ? unicodeSenderEntry(kind, a, r)
                            : java.util.Optional.empty();
                    if (u.isPresent()) {
                        out.get(kind).write(bytes(u.get()));
                        counts[kind.ordinal()]++;
                    }
                }
            } catch (BackendException | java.io.IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] instanceof BackendException e) {
            throw e;
        }
        if (failure[0] instanceof java.io.IOException e) {
            throw e;
        }
        java.util.Map<MapKind, Long> result = new java.util.EnumMap<>(MapKind.class);
        for (MapKind kind : MapKind.values()) {
            result.put(kind, counts[kind.ordinal()]);
        }
        return result;
    }

    private static byte[] bytes(MapEntry e) {
        return e.line().getBytes(StandardCharsets.UTF_8);
    }
}
