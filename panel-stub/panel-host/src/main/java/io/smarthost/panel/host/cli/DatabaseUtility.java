package io.smarthost.panel.host.cli;

import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliStdin;
import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.db.Database;
import io.smarthost.panel.host.db.DatabaseConfigException;
import io.smarthost.panel.host.db.DatabaseCopy;
import io.smarthost.panel.host.db.Dialect;
import io.smarthost.panel.host.extensions.ControlFile;
import io.smarthost.panel.host.ini.DatabaseSection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code panel bin database}: where the panel's data lives. {@code --migrate-to URL} copies every row
 * of the current database (the embedded H2 one, typically) into an empty PostgreSQL database, compares
 * each table (row count and contents), and only then points panel.ini's {@code [database]} to it.
 */
@Extension
public final class DatabaseUtility implements CliCommand {
    /** The commands of this utility (without their dashes), for the "did you mean" of a mistyped one. */
    static final java.util.List<String> COMMANDS = java.util.List.of("info", "migrate-to");

    private final Panel panel;

    public DatabaseUtility(Panel panel) {
        this.panel = panel;
    }

    @Override
    public String utility() {
        return "database";
    }

    @Override
    public String summary() {
        return "show the panel database, move it to a PostgreSQL server";
    }

    @Override
    public String usage() {
        return """
                panel bin database --info
                panel bin database --migrate-to jdbc:postgresql://HOST:PORT/DB [-user USER] [-password-stdin] [-write-ini true|false]
                    copies every row into that (empty) database, compares each table, then sets [database] url, user
                    and password in panel.ini (-write-ini false: prints them instead). Stop the panel server first.
                    The secret key stays in the home's data/secret.key: the panel using the new database needs this home.""";
    }

    @Override
    public int run(CliInvocation inv) {
        CliArgs args = CliArgs.parse(inv.args());
        switch (args.command()) {
            case "info" -> {
                args.takesNoValue().allowOnly(Set.of());
                Database db = panel.jdbc().database();
                inv.out().println("database: " + db.dialect().name().toLowerCase(java.util.Locale.ROOT) + " " + Database.printable(db.url()));
                return CliArgs.OK;
            }
            case "migrate-to" -> {
                args.allowOnly(Set.of("user", "password-stdin", "write-ini"));
                return migrate(args, inv);
            }
            default -> throw io.smarthost.panel.api.CliSuggest.unknownCommand(args.command(), COMMANDS, "see panel bin database --help");
        }
    }

    private int migrate(CliArgs args, CliInvocation inv) {
        String url = args.commandValue().orElseThrow(() -> new CliUsageException("--migrate-to needs the JDBC URL of the new database"));
        try {
            if (Dialect.of(url) != Dialect.POSTGRESQL) {
                throw new CliUsageException("--migrate-to: a PostgreSQL URL (jdbc:postgresql://HOST:PORT/DB) is expected");
            }
        } catch (DatabaseConfigException e) {
            throw new CliUsageException("--migrate-to: " + e.getMessage());
        }
        if (url.matches("(?s)[^?]*//[^/?]*@.*")) {
            // the PostgreSQL driver takes no user part (it reads u:secret@host as a host name): said, not tried
            throw new CliUsageException("--migrate-to: the URL names a user before the host (USER:PASSWORD@HOST), which the"
                    + " PostgreSQL driver does not read; give -user USER and the password on standard input with -password-stdin");
        }
        Database current = panel.jdbc().database();
        if (url.equals(current.url())) {
            throw new CliUsageException("--migrate-to: the panel already uses " + Database.printable(url));
        }
        boolean writeIni = args.bool("write-ini").orElse(true);
        String user = args.option("user").orElse("");
        String password = args.flag("password-stdin") ? firstLine(inv) : "";
        if (serverRuns()) {
            inv.err().println("database: the panel server of this home runs (data/" + ControlFile.FILE_NAME + "): stop it first, "
                    + "so that no change is made during the copy");
            return CliArgs.FAILURE;
        }
        List<DatabaseCopy.TableCount> report;
        try (Database target = Database.open(url, user, password)) {
            report = DatabaseCopy.copy(current, target);
        } catch (DatabaseConfigException e) {
            inv.err().println("database: " + e.getMessage().replaceFirst("^\\[database\\] url", "--migrate-to"));
            return CliArgs.FAILURE;
        } catch (SQLException | IllegalStateException e) {
            inv.err().println("database: the copy failed, nothing was kept in the new database and panel.ini is unchanged: "
                    + Database.printable(e.getMessage()));
            return CliArgs.FAILURE;
        }
        boolean allOk = true;
        for (DatabaseCopy.TableCount t : report) {
            inv.out().printf("%-16s %8d -> %8d  %s%n", t.table(), t.source(), t.target(),
                    t.ok() ? "ok" : t.source() != t.target() ? "COUNT DIFFERS" : "CONTENT DIFFERS");
            allOk &= t.ok();
        }
        if (!allOk) {
            inv.err().println("database: the new database differs from the current one (above); panel.ini is unchanged");
            return CliArgs.FAILURE;
        }
        long rows = report.stream().mapToLong(DatabaseCopy.TableCount::target).sum();
        inv.out().println("Copied " + rows + " rows of " + report.size() + " tables; every table compared equal.");
        if (writeIni) {
            try {
                DatabaseSection.write(panel.home().ini(), url, user, password);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            inv.out().println("panel.ini [database] now points to " + Database.printable(url) + (user.isEmpty() ? "" : " (user " + user + ")")
                    + "; the next start of the panel uses it.");
        } else {
            inv.out().println("Set in panel.ini, section [database]:\n  url = " + Database.printable(url) + "\n  user = " + user
                    + "\n  password = " + (password.isEmpty() ? "" : "(the password given on standard input)"));
        }
        inv.out().println("The secret key stays in " + panel.home().data().resolve("secret.key")
                + ": the panel using the new database needs this home. The old database files in data/ are left as they were.");
        return CliArgs.OK;
    }

    /** Whether this home's panel server answers on the address of its control file. */
    private boolean serverRuns() {
        return ControlFile.read(panel.home().data()).map(c -> {
            try (Socket s = new Socket()) {
                URI uri = URI.create(c.url());
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
                return true;
            } catch (IOException | IllegalArgumentException e) {
                return false;
            }
        }).orElse(false);
    }

    private static String firstLine(CliInvocation inv) {
        return CliStdin.secretLine(inv.stdin(), "-password-stdin", "pipe the database password, e.g. printf '%s\\n'"
                + " \"$DB_PASSWORD\" | panel bin database ... -password-stdin");
    }
}
