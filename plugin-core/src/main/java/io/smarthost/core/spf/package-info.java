/**
 * SPF for domains that send through a relay: the record each domain needs (the relay's
 * {@code include:} merged into what is there), a live check of what DNS publishes, and the change
 * applied through the panel's DNS service.
 *
 * <p>Entry points: {@link io.smarthost.core.spf.SpfMerge} (pure text, no DNS),
 * {@link io.smarthost.core.spf.SpfChecker} (live queries with dnsjava),
 * {@link io.smarthost.core.spf.SpfService} (status, apply, template, removal),
 * {@link io.smarthost.core.spf.RelayIncludes} (which include a relay stands for: custom or preset), and
 * {@link io.smarthost.core.spf.SpfText} for the words shown to people ({@code i18n/spf*.properties}).
 */
package io.smarthost.core.spf;
