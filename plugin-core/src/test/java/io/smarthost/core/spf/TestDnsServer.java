package io.smarthost.core.spf;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server for tests, on 127.0.0.1 only: UDP and TCP on the same port,
 * serving TXT records from a map. Per name it can answer SERVFAIL or stay silent (the client times
 * out). Unknown names get NXDOMAIN. UDP answers over 512 bytes are truncated (TC), so clients retry
 * over TCP as real servers make them do.
 */
public final class TestDnsServer implements AutoCloseable {

    private enum Mode { ANSWER, SERVFAIL, SILENT }

    private record Entry(Mode mode, List<String> texts) {
    }

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final Map<String, String> cnames = new ConcurrentHashMap<>();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private volatile boolean running = true;

    private TestDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    public static TestDnsServer start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 50, loopback);
                TestDnsServer server = new TestDnsServer(udp, tcp);
                server.startThreads();
                return server;
            } catch (IOException portTakenForTcp) {
                udp.close();
            }
        }
        throw new IOException("no free port on 127.0.0.1 for both UDP and TCP");
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", udp.getLocalPort());
    }

    /** Serves these TXT records at {@code name} (none: NOERROR without answers). */
    public TestDnsServer txt(String name, String... texts) {
        entries.put(key(name), new Entry(Mode.ANSWER, Arrays.asList(texts)));
        return this;
    }

    /** Serves a CNAME at {@code name} pointing to {@code target}, answered to queries of any type (as an authority does). */
    public TestDnsServer cname(String name, String target) {
        cnames.put(key(name), target);
        entries.remove(key(name));
        return this;
    }

    /** Answers SERVFAIL for {@code name}. */
    public TestDnsServer servfail(String name) {
        entries.put(key(name), new Entry(Mode.SERVFAIL, List.of()));
        return this;
    }

    /** Never answers queries for {@code name}. */
    public TestDnsServer silent(String name) {
        entries.put(key(name), new Entry(Mode.SILENT, List.of()));
        return this;
    }

    int queries(String name) {
        AtomicInteger n = queries.get(key(name));
        return n == null ? 0 : n.get();
    }

    int tcpQueries() {
        return tcpQueries.get();
    }

    @Override
    public void close() throws IOException {
        running = false;
        udp.close();
        tcp.close();
    }

    private void startThreads() {
        Thread u = new Thread(this::serveUdp, "test-dns-udp");
        u.setDaemon(true);
        u.start();
        Thread t = new Thread(this::serveTcp, "test-dns-tcp");
        t.setDaemon(true);
        t.start();
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (running) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                Message response = respond(query);
                if (response != null) {
                    byte[] wire = response.toWire(512); // sets TC when it does not fit
                    udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException badPacket) {
                // ignore a malformed packet, like a real server
            }
        }
    }

    private void serveTcp() {
        while (running) {
            try {
                Socket socket = tcp.accept();
                Thread t = new Thread(() -> serveTcpConnection(socket), "test-dns-tcp-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serveTcpConnection(Socket socket) {
        try (socket; var in = new DataInputStream(socket.getInputStream());
             var out = new DataOutputStream(socket.getOutputStream())) {
            while (running) {
                int length = in.readUnsignedShort();
                byte[] data = in.readNBytes(length);
                tcpQueries.incrementAndGet();
                Message response = respond(new Message(data));
                if (response == null) {
                    continue;
                }
                byte[] wire = response.toWire();
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (IOException endOfConnection) {
            // the client closed the connection
        }
    }

    private Message respond(Message query) {
        Record question = query.getQuestion();
        String name = key(question.getName().toString());
        queries.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        Entry entry = entries.get(name);
        if (entry != null && entry.mode() == Mode.SILENT) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        String target = cnames.get(name);
        if (target != null) {
            response.addRecord(new CNAMERecord(question.getName(), DClass.IN, 60, Name.fromConstantString(target + ".")),
                    Section.ANSWER);
        } else if (entry == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (entry.mode() == Mode.SERVFAIL) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (question.getType() == Type.TXT) {
            for (String text : entry.texts()) {
                response.addRecord(new TXTRecord(question.getName(), DClass.IN, 60, chunks(text)), Section.ANSWER);
            }
        }
        return response;
    }

    /** A TXT record's strings hold at most 255 bytes each; long records are several strings. */
    private static List<String> chunks(String text) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 255) {
            parts.add(text.substring(i, Math.min(text.length(), i + 255)));
        }
        return parts.isEmpty() ? List.of("") : parts;
    }

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

}
