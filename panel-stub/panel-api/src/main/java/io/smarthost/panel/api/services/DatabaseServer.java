package io.smarthost.panel.api.services;

/**
 * Where the panel's database server is, for a plugin that points other programs at tables of its own
 * in it (a mail server's {@code pgsql:} lookup tables). Never a password.
 *
 * @param product  {@code postgresql}
 * @param host     the server's host name or address as the panel reaches it
 * @param port     its TCP port
 * @param database the database's name
 * @param user     the role the panel logs in as
 * @since 1.3
 */
public record DatabaseServer(String product, String host, int port, String database, String user) {
}
