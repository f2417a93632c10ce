package io.smarthost.core.spf;

/**
 * Where a domain stands with the SPF record its relay needs. Labels for people are in the bundle
 * {@code i18n/spf} under {@code spf.state.<NAME>}.
 *
 * @since 1.0
 */
public enum SpfState {
    /** One SPF record, the relay's include is reached, within 10 lookups. */
    OK,
    /** One SPF record without the relay's include. */
    MISSING_INCLUDE,
    /** No SPF record at all. */
    NO_SPF,
    /** More than one {@code v=spf1} record: receivers answer permerror, the admin must keep one. */
    MULTIPLE_SPF,
    /** The include is there but the record needs more than 10 DNS lookups. */
    OVER_LOOKUP_LIMIT,
    /** The DNS query failed (timeout, SERVFAIL...): the state is unknown. */
    LOOKUP_FAILED
}
