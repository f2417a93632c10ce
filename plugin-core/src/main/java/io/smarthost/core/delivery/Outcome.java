package io.smarthost.core.delivery;

/** What the mail server reported for one delivery attempt to one recipient. */
public enum Outcome {
    /** The next hop accepted the message ({@code status=sent}). */
    SENT,
    /** A temporary failure: the message stays queued and is tried again ({@code status=deferred}). */
    DEFERRED,
    /** A permanent failure: the sender gets a non-delivery report ({@code status=bounced}). */
    BOUNCED
}
