package io.smarthost.core.backend;

import java.util.List;

/**
 * What a backend found when it looked at the live mail server's shape, without writing anything: each
 * name or endpoint it relies on and whether the server has it, and the server's own answers with every
 * secret and token removed, so that an admin can compare them with the backend's assumptions and send
 * them in ({@code panel bin smarthost --probe -json}).
 *
 * @param backend  the backend's display name
 * @param findings one per name, endpoint or check, in the order the backend looked
 * @param answers  what the mail server answered, redacted (passwords, tokens, keys replaced by {@code ******})
 * @since 1.2
 */
public record Probe(String backend, List<Finding> findings, List<Answer> answers) {
    public Probe {
        findings = List.copyOf(findings);
        answers = List.copyOf(answers);
    }

    /** Whether every finding is FOUND, ASSUMED or INFO (nothing the backend would refuse on). */
    public boolean usable() {
        return findings.stream().noneMatch(f -> f.status() == Status.MISSING || f.status() == Status.AMBIGUOUS
                || f.status() == Status.WRONG_TYPE || f.status() == Status.FAILED);
    }

    public enum Status {
        /** The server has it, as the backend expects. */
        FOUND,
        /** The server does not have it: the backend refuses to write it. */
        MISSING,
        /** More than one candidate exists: the backend cannot tell which one the server reads. */
        AMBIGUOUS,
        /** It exists with another type than the backend writes. */
        WRONG_TYPE,
        /** Could not be looked at this way (nothing to look at yet); the backend still relies on an assumption. */
        ASSUMED,
        /** The server refused or failed the look-up. */
        FAILED,
        /** Something worth knowing (another writer, what would be written). */
        INFO
    }

    /**
     * @param item   what was looked for ({@code value "Smart Host Port"}, {@code GET api/v1/...})
     * @param status what was found
     * @param detail one sentence for people (no secret)
     */
    public record Finding(String item, Status status, String detail) {
    }

    /**
     * @param request what was asked ({@code reg query KEY}, {@code GET /api/v1/...})
     * @param reply   the answer as the server gave it, redacted
     */
    public record Answer(String request, String reply) {
    }
}
