package io.smarthost.postfix.delivery;

/** Log lines in the form Postfix 3.7 writes them (copied from the real instance's maillog, see the resource). */
final class LogLines {
    private LogLines() {
    }

    static String from(String time, String queueId, String sender) {
        return time + " pfx-test postfix/qmgr[11089]: " + queueId + ": from=<" + sender + ">, size=369, nrcpt=1 (queue active)\n";
    }

    static String sent(String time, String queueId, String rcpt) {
        return time + " pfx-test postfix/smtp[11120]: " + queueId + ": to=<" + rcpt + ">, relay=127.0.0.1[127.0.0.1]:34805,"
                + " delay=0.68, delays=0.04/0.24/0.35/0.05, dsn=2.0.0, status=sent (250 Ok)\n";
    }

    static String deferred535(String time, String queueId, String rcpt) {
        return time + " pfx-test postfix/smtp[11124]: " + queueId + ": to=<" + rcpt + ">, relay=127.0.0.1[127.0.0.1]:34805,"
                + " delay=0.55, delays=0.01/0.39/0.14/0, dsn=4.0.0, status=deferred (SASL authentication failed; server"
                + " 127.0.0.1[127.0.0.1] said: 535 Authentication credentials invalid)\n";
    }

    static String removed(String time, String queueId) {
        return time + " pfx-test postfix/qmgr[11089]: " + queueId + ": removed\n";
    }

    /** A whole message: announced, sent, removed. */
    static String message(String time, int n, String sender) {
        String id = String.format("%011X", 0xA000000000L + n);
        return from(time, id, sender) + sent(time, id, "r" + n + "@remote.example") + removed(time, id);
    }
}
