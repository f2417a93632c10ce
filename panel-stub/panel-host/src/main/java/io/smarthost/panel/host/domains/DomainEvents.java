package io.smarthost.panel.host.domains;

import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.DomainLifecycleListener;
import io.smarthost.panel.host.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The domain changes every plugin hears of exactly once and in order, also when it did not run when they were
 * made: deletions, renames and alias removals, the changes after which a plugin's state kept under a name
 * belongs to nobody (or to another domain given that name). Each is written in the change's own transaction
 * ({@link #record}); a plugin's last event heard is kept per plugin. Telling a plugin an event ({@link #tell})
 * first tells it, in order, the events it missed (it was disabled, or a process died between a commit and
 * telling it), under that plugin's row lock: two processes never tell it the same event. A plugin met for the
 * first time starts at the latest event. Events every plugin heard, or older than {@value #KEPT_DAYS} days, go.
 *
 * <p>Creations and alias additions are not kept: a plugin that missed one meets a domain it has nothing for, and
 * the deletions before it are told first.
 */
public final class DomainEvents {
    private static final Logger LOG = LoggerFactory.getLogger(DomainEvents.class);
    public static final String DELETED = "deleted";
    public static final String RENAMED = "renamed";
    public static final String ALIAS_REMOVED = "alias-removed";
    static final int KEPT_DAYS = 90;

    /** One kept change, as the listeners were told of it. */
    record Event(long id, String kind, long domainId, String name, String beforeName, String owner, List<String> aliases,
                 String alias) {
        Domain domain() {
            return new Domain(domainId, name, owner, aliases);
        }

        void tell(DomainLifecycleListener l) {
            switch (kind) {
                case DELETED -> l.domainDeleted(domain());
                case RENAMED -> l.domainRenamed(new Domain(domainId, beforeName, owner, aliases), domain());
                case ALIAS_REMOVED -> l.aliasRemoved(domain(), alias);
                default -> LOG.warn("domain event {} of an unknown kind '{}' skipped", id, kind);
            }
        }
    }

    private final Jdbc jdbc;
    private final java.util.Map<String, Object> locks = new java.util.concurrent.ConcurrentHashMap<>();

    public DomainEvents(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** In the change's transaction: {@code kind} happened to {@code domain} (as it is after it); the event's id. */
    long record(String kind, Domain domain, String beforeName, String alias) {
        // one recording transaction at a time, in every process: an id is handed out when the row is written, and a
        // change that took id 10 and committed after the one that took id 11 was told (last heard: 11) was never told
        // to anyone. The lock is the names' generation row, which deletions and renames update anyway.
        jdbc.one("select generation from domain_names_generation where id = 1 for update", rs -> rs.getLong(1));
        return jdbc.insert("insert into domain_events(kind, domain_id, name, before_name, owner, aliases, alias, at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)", kind, domain.id(), domain.name(), beforeName, domain.owner(),
                String.join("\n", domain.aliases()), alias, Timestamp.from(Instant.now()));
    }

    /**
     * Tells {@code pluginId}'s listeners the events they have not heard of, up to {@code upTo} (the latest when
     * empty), in order; {@code live} tells them event {@code upTo} itself (the objects the change had), when given.
     * A listener that fails is logged and reported in {@code warnings}; the event counts as heard (as a change's
     * listener failing never undid it).
     */
    void tell(String pluginId, List<DomainLifecycleListener> listeners, Optional<Long> upTo,
              java.util.function.Consumer<DomainLifecycleListener> live, List<String> warnings) {
        // one at a time per plugin in this process before the database's row lock: a waiter holds no connection
        // (32 requests waiting on the row, each with a connection, would leave none for the listener they wait on)
        synchronized (locks.computeIfAbsent(pluginId, id -> new Object())) {
            tellLocked(pluginId, listeners, upTo, live, warnings);
        }
    }

    private void tellLocked(String pluginId, List<DomainLifecycleListener> listeners, Optional<Long> upTo,
                            java.util.function.Consumer<DomainLifecycleListener> live, List<String> warnings) {
        try (Connection c = jdbc.database().connection()) {
            c.setAutoCommit(false);
            try {
                long heard = lock(c, pluginId, upTo);
                for (Event e : after(c, heard, upTo)) {
                    if (heard >= e.id()) {
                        continue; // told meanwhile by another process, between two of these commits
                    }
                    for (DomainLifecycleListener l : listeners) {
                        try {
                            if (live != null && upTo.isPresent() && e.id() == upTo.get()) {
                                live.accept(l);
                            } else {
                                e.tell(l);
                            }
                        } catch (RuntimeException | LinkageError ex) {
                            String text = l.getClass().getName() + " failed: " + ex;
                            LOG.warn("Domain listener {} (domain event {} {} {})", text, e.id(), e.kind(), e.name(), ex);
                            warnings.add(text);
                        }
                    }
                    try (PreparedStatement p = c.prepareStatement(
                            "update plugin_domain_events set last_event = ? where plugin_id = ?")) {
                        p.setLong(1, e.id());
                        p.setString(2, pluginId);
                        p.executeUpdate();
                    }
                    c.commit(); // heard: a crash later does not tell it again
                    // the commit let the row go: taken again, and read again (another process may have told more)
                    heard = lock(c, pluginId, upTo);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new Jdbc.DataAccessException("domain events for plugin " + pluginId + ": " + e.getMessage(), e);
        }
    }

    /** Tells {@code pluginId} what it missed (at its start). */
    public void catchUp(String pluginId, List<DomainLifecycleListener> listeners) {
        List<String> warnings = new ArrayList<>();
        tell(pluginId, listeners, Optional.empty(), null, warnings);
    }

    /** Locks the plugin's row (made at the latest event, or just before {@code upTo}, when new); its last event. */
    private static long lock(Connection c, String pluginId, Optional<Long> upTo) throws SQLException {
        Optional<Long> heard = lastHeard(c, pluginId);
        if (heard.isPresent()) {
            return heard.get();
        }
        long start = upTo.map(u -> u - 1).orElse(latest(c));
        try (PreparedStatement p = c.prepareStatement(
                "insert into plugin_domain_events(plugin_id, last_event) values (?, ?)")) {
            p.setString(1, pluginId);
            p.setLong(2, start);
            p.executeUpdate();
        } catch (SQLException e) {
            // another process made it first: read it
            c.rollback();
        }
        return lastHeard(c, pluginId).orElseThrow(() -> new SQLException("no domain event row for plugin " + pluginId));
    }

    private static Optional<Long> lastHeard(Connection c, String pluginId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "select last_event from plugin_domain_events where plugin_id = ? for update")) {
            p.setString(1, pluginId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static long latest(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select coalesce(max(id), 0) from domain_events");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Event> after(Connection c, long heard, Optional<Long> upTo) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("select id, kind, domain_id, name, before_name, owner, aliases, alias"
                + " from domain_events where id > ? and id <= ? order by id")) {
            p.setLong(1, heard);
            p.setLong(2, upTo.orElse(Long.MAX_VALUE));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String aliases = rs.getString(7);
                    out.add(new Event(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), aliases.isEmpty() ? List.of() : List.of(aliases.split("\n")), rs.getString(8)));
                }
            }
        }
        return out;
    }

    /**
     * Deletes the events every plugin has heard of, and those older than {@value #KEPT_DAYS} days; how many. The
     * newest stays: the ids go on from it (a copy of the database restarts its counter after the highest id kept,
     * and the plugins' last heard ids are copied as they are).
     */
    public int prune() {
        return jdbc.update("delete from domain_events where id < (select max(id) from domain_events) and (id <="
                + " (select coalesce(min(last_event), 0) from plugin_domain_events) or at < ?)",
                Timestamp.from(Instant.now().minus(Duration.ofDays(KEPT_DAYS))));
    }
}
