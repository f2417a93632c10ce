package io.smarthost.windows.smartermail;

/**
 * SmarterMail answered, but what it holds afterwards is not what the panel wrote (read-back), or it holds
 * something the panel cannot safely act on (duplicate gateways, a change by another writer while the apply
 * ran). The step names which: {@code read back}, {@code duplicate gateways}, {@code second writer}.
 */
final class ProofException extends SmarterMailException {
    private final String step;

    ProofException(String step, String message) {
        super(-1, message);
        this.step = step;
    }

    String step() {
        return step;
    }
}
