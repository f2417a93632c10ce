package io.smarthost.core.check;

import io.smarthost.core.check.CheckStep.Status;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.Relay;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One check, run once on a worker thread: name lookup, TCP, TLS and certificate, greeting; the SMTP
 * dialogue after the greeting is in {@link SessionSteps}. A failing step records itself and throws
 * {@link Stop}; the remaining steps then show as skipped.
 */
final class CheckRun {
    private static final int MAX_TARGETS = 8;
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(5);

    /** Where we connect: the name the certificate must carry, and one of its addresses. */
    record Target(String name, InetAddress address) {
    }

    /** Ends the run after a step recorded its failure. */
    static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    final CheckPolicy policy;
    final CheckRequest request;
    final Relay relay;
    final CheckTexts texts;
    final Transcript transcript;
    final Deadline deadline;
    final StepLog log;
    private final CheckGuard guard;
    private final long startNanos;
    private final RecordingTrustManager trust;
    private volatile Socket socket;
    private volatile boolean aborted;
    SmtpConnection conn;
    Target target;

    CheckRun(CheckPolicy policy, CheckGuard guard, CheckRequest request, CheckTexts texts, long startNanos)
            throws GeneralSecurityException {
        this.policy = policy;
        this.guard = guard;
        this.request = request;
        this.relay = request.relay();
        this.texts = texts;
        this.startNanos = startNanos;
        SecretMask secrets = new SecretMask();
        relay.credentials().ifPresent(c -> secrets.add(c.username(), c.secret().reveal()));
        this.transcript = new Transcript(startNanos, secrets);
        this.deadline = new Deadline(startNanos, policy.totalTimeout());
        this.trust = new RecordingTrustManager(policy.trustStore());
        this.log = new StepLog(texts, secrets, plan(request));
    }

    private static List<String> plan(CheckRequest request) {
        List<String> plan = new ArrayList<>(List.of("resolve", "connect"));
        switch (request.relay().encryption()) {
            case TLS -> plan.addAll(List.of("tls", "certificate", "banner", "ehlo"));
            case STARTTLS -> plan.addAll(List.of("banner", "ehlo", "tls", "certificate"));
            case NONE -> plan.addAll(List.of("banner", "ehlo", "tls"));
        }
        plan.add("auth");
        request.probeSender().ifPresent(s -> plan.add("probe"));
        request.testMail().ifPresent(m -> plan.add("test_mail"));
        return plan;
    }

    /** Runs every step; returns the report. Refusals ({@link CheckRefusedException}) propagate. */
    CheckReport execute() {
        try {
            List<Target> targets = resolve();
            connect(targets);
            SessionSteps session = new SessionSteps(this);
            switch (relay.encryption()) {
                case TLS -> {
                    implicitTls();
                    certificate();
                    banner();
                    session.authenticate(session.ehlo());
                }
                case STARTTLS -> {
                    banner();
                    SessionSteps.Capabilities plain = session.ehlo();
                    SessionSteps.Capabilities secured = session.startTls(plain);
                    certificate();
                    session.authenticate(secured);
                }
                case NONE -> {
                    banner();
                    SessionSteps.Capabilities caps = session.ehlo();
                    if (caps.startTls()) {
                        java.util.Optional<SessionSteps.Capabilities> secured = session.opportunisticTls(caps);
                        caps = secured.isPresent() ? secured.get() : plainAgain(session);
                    } else {
                        session.noTls();
                    }
                    session.authenticate(caps);
                }
            }
            session.probe();
            session.testMail();
            session.quit();
        } catch (Stop stop) {
            // the failing step recorded itself
        } catch (IOException | RuntimeException e) {
            if (e instanceof CheckRefusedException refused) {
                throw refused;
            }
            if (log.running().isPresent()) {
                log.end(Status.FAILED, interruptedOr(CheckText.of("step.error", describe(e))), Map.of());
            }
        } finally {
            closeQuietly();
        }
        return report();
    }

    /** Called from the request thread when the deadline passed: unblocks the worker at once. */
    void abort() {
        aborted = true;
        closeQuietly();
    }

    CheckReport report() {
        return log.report(transcript.lines(), Duration.ofNanos(System.nanoTime() - startNanos),
                CheckText.of("step.deadline", seconds(policy.totalTimeout())));
    }

    // ---- steps -------------------------------------------------------------------------------------

    private List<Target> resolve() {
        log.begin("resolve");
        String host = relay.address().host();
        Map<String, String> details = new LinkedHashMap<>();
        List<Target> targets = new ArrayList<>();
        if (relay.address().kind() != HostKind.DNS_NAME) {
            targets.add(new Target(host, literal(host)));
            details.put("addresses", host);
            guardAll(targets);
            log.end(Status.OK, CheckText.of("resolve.literal", host), details);
            return targets;
        }
        List<String> names = List.of(host);
        if (relay.address().mxLookup()) {
            try {
                List<String> mx = policy.resolver().mailExchangers(host);
                details.put("mx", mx.isEmpty() ? "-" : String.join(", ", mx));
                if (!mx.isEmpty()) {
                    names = mx;
                }
            } catch (IOException e) {
                fail(CheckText.of("resolve.mxFailed", host, describe(e)), details, "advice.brackets");
            }
        }
        for (String name : names) {
            try {
                for (InetAddress a : policy.resolver().addresses(name)) {
                    if (targets.size() < MAX_TARGETS) {
                        targets.add(new Target(name, a));
                    }
                }
            } catch (UnknownHostException e) {
                details.put("unresolved", details.containsKey("unresolved") ? details.get("unresolved") + ", " + name : name);
            }
        }
        details.put("addresses", targets.stream().map(t -> t.address().getHostAddress()).distinct()
                .collect(Collectors.joining(", ")));
        if (targets.isEmpty()) {
            fail(CheckText.of("resolve.unknown", String.join(", ", names)), details, "advice.hostName");
        }
        guardAll(targets);
        String key = names.get(0).equals(host) ? "resolve.ok" : "resolve.okMx";
        log.end(Status.OK, CheckText.of(key, host, details.get("addresses"), String.join(", ", names)), details);
        return targets;
    }

    private void guardAll(List<Target> targets) {
        for (Target t : targets) {
            guard.admitAddress(request.requester(), t.address());
        }
    }

    private void connect(List<Target> targets) {
        log.begin("connect");
        int port = relay.address().port();
        Map<String, String> details = new LinkedHashMap<>();
        List<String> attempts = new ArrayList<>();
        int refused = 0;
        int timedOut = 0;
        for (Target t : targets) {
            if (deadline.passed() || aborted) {
                break;
            }
            Socket s = new Socket();
            socket = s;
            transcript.event(texts.get("transcript.connecting", t.address().getHostAddress(), port));
            try {
                s.connect(new InetSocketAddress(t.address(), port), deadline.millis(policy.connectTimeout()));
                target = t;
                conn = new SmtpConnection(s, transcript, deadline);
                details.put("address", t.address().getHostAddress() + " port " + port);
                details.put("localAddress", s.getLocalAddress().getHostAddress());
                if (!attempts.isEmpty()) {
                    details.put("failedAttempts", String.join("; ", attempts));
                }
                log.end(Status.OK, CheckText.of("connect.ok", t.address().getHostAddress(), port), details);
                return;
            } catch (IOException e) {
                closeQuietly();
                if (e instanceof ConnectException && !(e instanceof NoRouteToHostException)) {
                    refused++;
                } else if (e instanceof SocketTimeoutException) {
                    timedOut++;
                }
                attempts.add(t.address().getHostAddress() + ": " + describe(e));
            }
        }
        details.put("attempts", String.join("; ", attempts));
        CheckText explanation;
        if (refused > 0 && refused == attempts.size()) {
            explanation = CheckText.of("connect.refused", relay.address().host(), port);
        } else if (timedOut > 0 && timedOut == attempts.size()) {
            explanation = CheckText.of("connect.timeout", relay.address().host(), port, seconds(policy.connectTimeout()));
        } else {
            explanation = CheckText.of("connect.error", relay.address().host(), port);
        }
        fail(interruptedOr(explanation), details, port == 25 ? "advice.port25" : "advice.connect");
    }

    private void banner() {
        log.begin("banner");
        Map<String, String> details = new LinkedHashMap<>();
        SmtpReply reply;
        try {
            reply = conn.read(policy.bannerTimeout());
        } catch (SocketTimeoutException e) {
            if (relay.encryption() != Encryption.TLS && !deadline.passed() && serverSpeaksTls()) {
                fail(CheckText.of("banner.implicitTls", seconds(policy.bannerTimeout()), relay.address().port()),
                        details, "advice.useTls");
            }
            fail(interruptedOr(CheckText.of("banner.timeout", seconds(policy.bannerTimeout()))), details, "advice.silent");
            return;
        } catch (SmtpConnection.NotSmtpException e) {
            details.put("firstBytes", e.hex());
            fail(CheckText.of(e.looksLikeTls() ? "banner.tlsBytes" : "banner.notSmtp"), details,
                    e.looksLikeTls() ? "advice.useTls" : "advice.connect");
            return;
        } catch (EOFException e) {
            fail(CheckText.of("banner.closed"), details, "advice.silent");
            return;
        } catch (IOException e) {
            fail(interruptedOr(CheckText.of("step.error", describe(e))), details, null);
            return;
        }
        details.put("greeting", reply.firstLine());
        if (reply.code() == 220) {
            log.end(Status.OK, CheckText.of("banner.ok", reply.text()), details);
            return;
        }
        fail(CheckText.of("banner.refused", reply.firstLine(), SessionSteps.meaning(texts, reply.code())), details,
                "advice.banner");
    }

    /** After a silent greeting: does this connection answer a TLS handshake? Then the port wants implicit TLS. */
    private boolean serverSpeaksTls() {
        transcript.event(texts.get("transcript.tryTls"));
        try {
            SSLSocket ssl = (SSLSocket) trust.context().getSocketFactory()
                    .createSocket(conn.socket(), target.name(), relay.address().port(), true);
            ssl.setSoTimeout(deadline.millis(min(policy.bannerTimeout(), PROBE_LIMIT)));
            ssl.startHandshake();
            transcript.event(texts.get("transcript.tlsAnswered", ssl.getSession().getProtocol()));
            return true;
        } catch (IOException | GeneralSecurityException e) {
            transcript.event(texts.get("transcript.tlsNotAnswered", describe(e)));
            return false;
        }
    }

    private void implicitTls() {
        log.begin("tls");
        Map<String, String> details = new LinkedHashMap<>();
        try {
            handshake(details);
            log.end(Status.OK, CheckText.of("tls.ok", details.get("protocol"), details.get("cipher")), details);
        } catch (SocketTimeoutException e) {
            fail(interruptedOr(CheckText.of("tls.timeout", seconds(policy.bannerTimeout()))), details, "advice.silent");
        } catch (SSLException e) {
            details.put("error", describe(e));
            if (plainSmtpAnswers()) {
                fail(CheckText.of("tls.plainServer", relay.address().port()), details, "advice.useStarttls");
            }
            fail(CheckText.of("tls.handshake", describe(e)), details, null);
        } catch (IOException e) {
            fail(interruptedOr(CheckText.of("tls.handshake", describe(e))), details, null);
        }
    }

    /** TLS handshake on the current connection; fills protocol and cipher. Used for implicit TLS and STARTTLS. */
    void handshake(Map<String, String> details) throws IOException {
        SSLSocket ssl;
        try {
            ssl = (SSLSocket) trust.context().getSocketFactory()
                    .createSocket(conn.socket(), target.name(), relay.address().port(), true);
        } catch (GeneralSecurityException e) {
            throw new SSLException("TLS is not available in this Java runtime: " + e.getMessage(), e);
        }
        if (relay.address().kind() == HostKind.DNS_NAME) {
            SSLParameters parameters = ssl.getSSLParameters();
            try {
                parameters.setServerNames(List.of(new SNIHostName(target.name())));
                ssl.setSSLParameters(parameters);
            } catch (IllegalArgumentException e) {
                // a name SNI cannot carry (e.g. a trailing label of digits): handshake without it
            }
        }
        socket = ssl;
        ssl.setSoTimeout(deadline.millis(policy.bannerTimeout()));
        transcript.event(texts.get("transcript.handshake", target.name()));
        ssl.startHandshake();
        conn.use(ssl);
        SSLSession session = ssl.getSession();
        details.put("protocol", session.getProtocol());
        details.put("cipher", session.getCipherSuite());
        transcript.event(texts.get("transcript.tlsUp", session.getProtocol(), session.getCipherSuite()));
    }

    /** Whether the session runs over TLS now (implicit, STARTTLS, or opportunistic STARTTLS). */
    boolean encrypted() {
        return socket instanceof SSLSocket;
    }

    /**
     * After a failed opportunistic handshake (encryption not required): a new plain connection to the same address,
     * its greeting and EHLO, as Postfix's {@code may} level sends in clear text then.
     */
    SessionSteps.Capabilities plainAgain(SessionSteps session) throws IOException {
        closeQuietly();
        transcript.event(texts.get("transcript.tryPlain"));
        Socket s = new Socket();
        socket = s;
        s.connect(new InetSocketAddress(target.address(), relay.address().port()), deadline.millis(policy.connectTimeout()));
        conn = new SmtpConnection(s, transcript, deadline);
        SmtpReply greeting = conn.read(policy.bannerTimeout());
        if (greeting.code() != 220) {
            throw new IOException("a new plain connection was not greeted: " + greeting.firstLine());
        }
        return session.ehloQuietly();
    }

    /** After a failed implicit-TLS handshake: does a fresh plain connection get an SMTP greeting? */
    private boolean plainSmtpAnswers() {
        transcript.event(texts.get("transcript.tryPlain"));
        try (Socket plain = new Socket()) {
            socket = plain;
            plain.connect(new InetSocketAddress(target.address(), relay.address().port()),
                    deadline.millis(policy.connectTimeout()));
            SmtpConnection probe = new SmtpConnection(plain, transcript, deadline);
            return probe.read(min(policy.bannerTimeout(), PROBE_LIMIT)).code() == 220;
        } catch (IOException e) {
            transcript.event(texts.get("transcript.plainNotAnswered", describe(e)));
            return false;
        }
    }

    private void certificate() {
        new CertificateStep(this, trust).run();
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** Records the running step as failed (with advice when given) and ends the run. */
    void fail(CheckText explanation, Map<String, String> details, String adviceKey) {
        fail(List.of(explanation), details, adviceKey == null ? null
                : CheckText.of(adviceKey, relay.address().host(), relay.address().port()));
    }

    /** Records the running step as failed with several sentences, and ends the run. */
    void fail(List<CheckText> explanation, Map<String, String> details, CheckText advice) {
        log.end(Status.FAILED, explanation, details);
        if (advice != null) {
            log.advise(advice);
        }
        throw new Stop();
    }

    /** When the deadline or an abort cut the step short, say so instead of the low-level error. */
    CheckText interruptedOr(CheckText explanation) {
        return aborted || deadline.passed() ? CheckText.of("step.deadline", seconds(policy.totalTimeout())) : explanation;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 500) / 1000);
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host: \"" + host + "\" is not an IP address", e);
        }
    }

    private void closeQuietly() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        SmtpConnection c = conn;
        if (c != null) {
            c.close();
        }
    }
}
