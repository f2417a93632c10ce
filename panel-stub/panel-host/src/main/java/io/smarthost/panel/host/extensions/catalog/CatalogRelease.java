package io.smarthost.panel.host.extensions.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One release of a catalogue plugin.
 *
 * @param version   the plugin's version (SemVer)
 * @param date      release date as written in the index
 * @param requires  PF4J version expression the panel's version must satisfy (e.g. {@code >=1.0.0}); empty: any
 * @param url       where the plugin file is: absolute, or relative to the index
 * @param sha512sum hex SHA-512 of the file; a release without it is refused
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogRelease(String version, String date, String requires, String url, String sha512sum) {
}
