package io.smarthost.core.backend;

/**
 * A setting the smarthost feature manages whose value was changed by hand since the panel last
 * wrote it: edited, removed, or set while the panel had it off. Applying over it needs the admin's
 * confirmation each time it happens ({@code Confirm.TAKE_OVER_MANUAL}); once applied, what the panel
 * wrote is the new baseline. Secrets are masked in every value.
 *
 * @param setting    the mail server's name for it ({@code relayhost}, {@code master.cf: smarthost-tls})
 * @param location   where the hand value is ({@code main.cf:42}); the file alone when it was removed by hand
 * @param handValue  its value now; empty text when it was removed by hand
 * @param panelValue what the panel last wrote; empty text when the panel had not written it
 * @param proposed   what applying writes over it: in a {@link Preview}, the value after the change at hand
 *                   (empty text: removed); in an {@link Inspection}, the panel's value, which a repair writes again
 */
public record Drift(String setting, String location, String handValue, String panelValue, String proposed) {

    /** One line for messages and logs: {@code relayhost (main.cf:42): "[a]:25" by hand, the panel wrote "[b]:587"}. */
    public String describe() {
        return setting + " (" + location + "): " + (handValue.isEmpty() ? "removed" : "\"" + handValue + "\"")
                + " by hand, the panel " + (panelValue.isEmpty() ? "had not set it" : "wrote \"" + panelValue + "\"")
                + (proposed.equals(panelValue) ? "" : proposed.isEmpty() ? "; the change removes it"
                : "; the change writes \"" + proposed + "\"");
    }
}
