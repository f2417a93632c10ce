package io.smarthost.core.check;

import io.smarthost.core.check.CheckStep.Status;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Encryption;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SMTP dialogue after the greeting: EHLO, STARTTLS, AUTH, the MAIL/RCPT probe and the test
 * message. Every reply code that fails a step is explained in plain words.
 */
final class SessionSteps {
    private static final Duration QUIT_LIMIT = Duration.ofSeconds(2);
    /** Mechanisms we can do, best first. PLAIN and LOGIN are what relay services offer; both need TLS to be safe. */
    private static final List<String> MECHANISMS = List.of("PLAIN", "LOGIN");

    /** What EHLO announced. */
    record Capabilities(List<String> lines, List<String> authMechanisms, boolean startTls) {
        String summary() {
            return lines.isEmpty() ? "-" : String.join(", ", lines);
        }
    }

    private final CheckRun run;
    private final CheckTexts texts;
    private final Duration replyLimit;

    SessionSteps(CheckRun run) {
        this.run = run;
        this.texts = run.texts;
        this.replyLimit = run.policy.bannerTimeout();
    }

    Capabilities ehlo() throws IOException {
        run.log.begin("ehlo");
        Map<String, String> details = new LinkedHashMap<>();
        String name = heloName();
        details.put("heloName", name);
        SmtpReply reply = run.conn.command("EHLO " + name, replyLimit);
        if (reply.code() == 250) {
            Capabilities caps = parse(reply);
            describe(caps, details);
            run.log.end(Status.OK, CheckText.of("ehlo.ok", caps.summary()), details);
            return caps;
        }
        if (reply.code() >= 500 && reply.code() != 554) {
            SmtpReply helo = run.conn.command("HELO " + name, replyLimit);
            if (helo.code() == 250) {
                Capabilities none = new Capabilities(List.of(), List.of(), false);
                run.log.end(Status.WARNING, CheckText.of("ehlo.heloOnly", reply.firstLine()), details);
                return none;
            }
            reply = helo;
        }
        details.put("reply", reply.firstLine());
        run.fail(CheckText.of("ehlo.rejected", reply.firstLine(), meaning(texts, reply.code())), details, "advice.helo");
        return null;
    }

    /** STARTTLS, the handshake, then EHLO again (capabilities often change once encrypted). */
    Capabilities startTls(Capabilities plain) throws IOException {
        run.log.begin("tls");
        Map<String, String> details = new LinkedHashMap<>();
        if (!plain.startTls()) {
            run.fail(CheckText.of("tls.noStarttls", run.relay.address().port()), details,
                    run.relay.address().port() == 465 ? "advice.useTls" : "advice.noStarttls");
        }
        SmtpReply reply = run.conn.command("STARTTLS", replyLimit);
        if (reply.code() != 220) {
            details.put("reply", reply.firstLine());
            run.fail(CheckText.of("tls.starttlsRefused", reply.firstLine(), meaning(texts, reply.code())), details,
                    "advice.noStarttls");
        }
        if (run.conn.hasUnreadInput()) {
            // Bytes sent before the handshake would be read as if they came encrypted (STARTTLS injection).
            run.fail(CheckText.of("tls.injection"), details, null);
        }
        try {
            run.handshake(details);
        } catch (java.net.SocketTimeoutException e) {
            run.fail(run.interruptedOr(CheckText.of("tls.timeout", CheckRun.seconds(replyLimit))), details, null);
        } catch (IOException e) {
            run.fail(run.interruptedOr(CheckText.of("tls.handshake", CheckRun.describe(e))), details, null);
        }
        Capabilities secured = ehloAfterTls(details);
        run.log.end(Status.OK, CheckText.of("tls.ok", details.get("protocol"), details.get("cipher")), details);
        return secured;
    }

    /** Encryption "none" and no STARTTLS offered: nothing to run, but say what it means. */
    void noTls() {
        run.log.begin("tls");
        run.log.end(Status.SKIPPED, CheckText.of("tls.none"), Map.of());
    }

    /**
     * Encryption "none" (not required) and the relay offers STARTTLS: the mail server's {@code may} level uses it
     * without checking the certificate, and so does the check (it stayed in clear text and then said the password
     * would travel in clear, or that the relay offered no login before TLS, where Postfix encrypts and logs in: a
     * hostile tester). A refused STARTTLS goes on in clear text on the same connection, as Postfix does.
     *
     * @return the capabilities to go on with; empty when the handshake failed (Postfix then sends in clear text over
     *         a new connection: {@link CheckRun#plainAgain})
     */
    Optional<Capabilities> opportunisticTls(Capabilities plain) throws IOException {
        run.log.begin("tls");
        Map<String, String> details = new LinkedHashMap<>();
        SmtpReply reply = run.conn.command("STARTTLS", replyLimit);
        if (reply.code() != 220) {
            details.put("reply", reply.firstLine());
            run.log.end(Status.WARNING, CheckText.of("tls.mayRefused", reply.firstLine()), details);
            return Optional.of(plain);
        }
        if (run.conn.hasUnreadInput()) {
            run.fail(CheckText.of("tls.injection"), details, null);
        }
        try {
            run.handshake(details);
        } catch (IOException e) {
            run.log.end(Status.WARNING, CheckText.of("tls.mayFailed", CheckRun.describe(e)), details);
            return Optional.empty();
        }
        Capabilities secured = ehloAfterTls(details);
        run.log.end(Status.WARNING, CheckText.of("tls.may", details.get("protocol"), details.get("cipher")), details);
        run.log.advise(CheckText.of("advice.preferStarttls"));
        return Optional.of(secured);
    }

    /** EHLO again once encrypted (capabilities often change): a refusal fails the "tls" step. */
    private Capabilities ehloAfterTls(Map<String, String> details) throws IOException {
        SmtpReply again = run.conn.command("EHLO " + heloName(), replyLimit);
        if (again.code() != 250) {
            details.put("reply", again.firstLine());
            run.fail(CheckText.of("ehlo.rejected", again.firstLine(), meaning(texts, again.code())), details, null);
        }
        Capabilities secured = parse(again);
        details.put("capabilitiesAfterTls", secured.summary());
        return secured;
    }

    /** EHLO on a new connection, without a step of its own ({@link CheckRun#plainAgain}). */
    Capabilities ehloQuietly() throws IOException {
        SmtpReply reply = run.conn.command("EHLO " + heloName(), replyLimit);
        if (reply.code() != 250) {
            run.fail(CheckText.of("ehlo.rejected", reply.firstLine(), meaning(texts, reply.code())), new LinkedHashMap<>(), null);
        }
        return parse(reply);
    }

    void authenticate(Capabilities caps) throws IOException {
        Optional<Credentials> credentials = run.relay.credentials();
        if (credentials.isEmpty()) {
            run.log.skip("auth", CheckText.of(caps.authMechanisms().isEmpty() ? "auth.noCredentials"
                    : "auth.noCredentialsOffered", String.join(" ", caps.authMechanisms())));
            return;
        }
        run.log.begin("auth");
        Map<String, String> details = new LinkedHashMap<>();
        details.put("username", credentials.get().username());
        details.put("offered", caps.authMechanisms().isEmpty() ? "-" : String.join(" ", caps.authMechanisms()));
        if (caps.authMechanisms().isEmpty()) {
            boolean plainWithStarttls = run.relay.encryption() == Encryption.NONE && caps.startTls();
            run.fail(CheckText.of(plainWithStarttls ? "auth.notOfferedBeforeTls" : "auth.notOffered"), details,
                    plainWithStarttls ? "advice.preferStarttls" : "advice.noAuth");
        }
        String mechanism = MECHANISMS.stream().filter(caps.authMechanisms()::contains).findFirst().orElse(null);
        if (mechanism == null) {
            run.fail(CheckText.of("auth.noMechanism", details.get("offered"), String.join(", ", MECHANISMS)),
                    details, null);
        }
        details.put("mechanism", mechanism);
        SmtpReply reply = mechanism.equals("PLAIN") ? plain(credentials.get()) : login(credentials.get());
        details.put("reply", reply.firstLine());
        if (reply.code() == 235) {
            boolean clear = !run.encrypted();
            run.log.end(clear ? Status.WARNING : Status.OK, CheckText.of(clear ? "auth.okClear" : "auth.ok",
                    credentials.get().username(), mechanism), details);
            return;
        }
        run.fail(CheckText.of("auth.failed", reply.firstLine(), meaning(texts, reply.code())), details,
                reply.code() == 535 ? "advice.credentials" : null);
    }

    private SmtpReply plain(Credentials c) throws IOException {
        String blob = b64("\0" + c.username() + "\0" + c.secret().reveal());
        run.conn.sendShown("AUTH PLAIN " + blob, "AUTH PLAIN " + Transcript.MASK);
        return run.conn.read(replyLimit);
    }

    private SmtpReply login(Credentials c) throws IOException {
        SmtpReply reply = run.conn.command("AUTH LOGIN", replyLimit);
        if (reply.code() != 334) {
            return reply;
        }
        run.conn.sendShown(b64(c.username()), Transcript.MASK + " (" + texts.get("transcript.username") + ")");
        reply = run.conn.read(replyLimit);
        if (reply.code() != 334) {
            return reply;
        }
        run.conn.sendShown(b64(c.secret().reveal()), Transcript.MASK + " (" + texts.get("transcript.password") + ")");
        return run.conn.read(replyLimit);
    }

    /** MAIL FROM (and RCPT TO) without sending anything, then RSET. */
    void probe() throws IOException {
        if (run.request.probeSender().isEmpty()) {
            return;
        }
        run.log.begin("probe");
        Map<String, String> details = new LinkedHashMap<>();
        String sender = run.request.probeSender().get();
        expect(run.conn.command("MAIL FROM:<" + sender + ">", replyLimit), 250, "probe.sender", sender, details);
        Optional<String> recipient = run.request.probeRecipient();
        if (recipient.isPresent()) {
            SmtpReply reply = run.conn.command("RCPT TO:<" + recipient.get() + ">", replyLimit);
            if (reply.code() != 251) {
                expect(reply, 250, "probe.recipient", recipient.get(), details);
            }
        }
        run.conn.command("RSET", replyLimit);
        run.log.end(Status.OK, CheckText.of(recipient.isPresent() ? "probe.ok" : "probe.okSender", sender,
                recipient.orElse("")), details);
    }

    /** A real message, marked as a test in its subject, body and headers. */
    void testMail() throws IOException {
        if (run.request.testMail().isEmpty()) {
            return;
        }
        TestMail mail = run.request.testMail().get();
        run.log.begin("test_mail");
        Map<String, String> details = new LinkedHashMap<>();
        details.put("from", mail.from());
        details.put("to", mail.to());
        expect(run.conn.command("MAIL FROM:<" + mail.from() + ">", replyLimit), 250, "probe.sender", mail.from(), details);
        SmtpReply rcpt = run.conn.command("RCPT TO:<" + mail.to() + ">", replyLimit);
        if (rcpt.code() != 251) {
            expect(rcpt, 250, "probe.recipient", mail.to(), details);
        }
        expect(run.conn.command("DATA", replyLimit), 354, "mail.data", mail.to(), details);
        byte[] message = TestMessage.render(mail, heloName(), run.relay.address(), texts);
        run.conn.sendData(message, texts.get("transcript.message", message.length));
        SmtpReply accepted = run.conn.command(".", replyLimit);
        expect(accepted, 250, "mail.rejected", mail.to(), details);
        details.put("reply", accepted.firstLine());
        run.log.end(Status.OK, CheckText.of("mail.ok", mail.to(), accepted.text()), details);
    }

    void quit() {
        try {
            run.conn.command("QUIT", QUIT_LIMIT);
        } catch (IOException e) {
            // the server may just close; the check is over either way
        }
    }

    private void expect(SmtpReply reply, int code, String key, String address, Map<String, String> details) {
        if (reply.code() != code) {
            details.put("reply", reply.firstLine());
            run.fail(CheckText.of(key, address, reply.firstLine(), meaning(texts, reply.code())), details,
                    reply.code() == 530 ? "advice.needsAuth" : "advice.sender");
        }
    }

    private String heloName() {
        return run.policy.heloName().orElseGet(SessionSteps::localName);
    }

    private static String localName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.matches("[A-Za-z0-9.-]+") ? name : "localhost.localdomain";
        } catch (IOException e) {
            return "localhost.localdomain";
        }
    }

    static Capabilities parse(SmtpReply reply) {
        List<String> lines = reply.lines().size() > 1 ? reply.lines().subList(1, reply.lines().size()) : List.of();
        List<String> auth = new ArrayList<>();
        boolean startTls = false;
        for (String line : lines) {
            String[] words = line.trim().split("[\\s=]+");
            String keyword = words[0].toUpperCase(Locale.ROOT);
            if (keyword.equals("STARTTLS")) {
                startTls = true;
            } else if (keyword.equals("AUTH")) {
                for (int i = 1; i < words.length; i++) {
                    String m = words[i].toUpperCase(Locale.ROOT);
                    if (!auth.contains(m)) {
                        auth.add(m);
                    }
                }
            }
        }
        return new Capabilities(lines, auth, startTls);
    }

    private static void describe(Capabilities caps, Map<String, String> details) {
        details.put("capabilities", caps.summary());
        details.put("starttls", String.valueOf(caps.startTls()));
        details.put("authMechanisms", caps.authMechanisms().isEmpty() ? "-" : String.join(" ", caps.authMechanisms()));
        caps.lines().stream().filter(l -> l.toUpperCase(Locale.ROOT).startsWith("SIZE")).findFirst()
                .ifPresent(l -> details.put("size", l.substring(4).trim()));
    }

    /** What a reply code means, in plain words: {@code reply.535}, else {@code reply.5xx}. */
    static CheckText meaning(CheckTexts texts, int code) {
        String exact = "reply." + code;
        return CheckText.of(texts.has(exact) ? exact : "reply." + (code / 100) + "xx");
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
