package io.smarthost.core.spf;

/**
 * What can be done about a domain's SPF record. Labels in {@code i18n/spf} under {@code spf.action.<NAME>}.
 *
 * @since 1.0
 */
public enum SpfAction {
    /** Nothing: the record is right. */
    NONE,
    /** The panel serves the zone: {@link SpfService#apply} writes {@link SpfStatus#recordToPublish()}. */
    APPLY,
    /** The zone is elsewhere: the admin publishes {@link SpfStatus#recordToPublish()} at the domain's DNS host. */
    PUBLISH_BY_HAND,
    /** No safe automatic change exists (several SPF records, over the lookup limit, lookup failed): see the problems. */
    FIX_BY_HAND
}
