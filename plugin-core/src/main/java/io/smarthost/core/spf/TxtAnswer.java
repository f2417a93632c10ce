package io.smarthost.core.spf;

import java.util.List;
import java.util.Objects;

/**
 * What a live TXT query for one name gave.
 *
 * @param outcome  found, no records (NXDOMAIN or no TXT at the name), or failed
 * @param texts    the TXT records, each one's strings joined without separator (RFC 7208 section 3.3);
 *                 empty unless {@link Outcome#FOUND}
 * @param reason   why the query failed ({@code SERVFAIL}, {@code timeout after 2000 ms}, ...); empty otherwise
 * @param millis   how long the query took
 * @since 1.0
 */
public record TxtAnswer(Outcome outcome, List<String> texts, String reason, long millis) {

    /** The kinds of answer. */
    public enum Outcome { FOUND, NO_RECORDS, FAILED }

    public TxtAnswer {
        Objects.requireNonNull(outcome, "outcome");
        texts = List.copyOf(texts);
        Objects.requireNonNull(reason, "reason");
    }

    public static TxtAnswer failed(String reason, long millis) {
        return new TxtAnswer(Outcome.FAILED, List.of(), reason, millis);
    }

    /** The SPF records among the TXT records. */
    public List<String> spfRecords() {
        return texts.stream().filter(SpfRecord::isSpf).toList();
    }
}
