package io.smarthost.panel.host.domains;

import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.services.Domains;
import io.smarthost.panel.host.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Read side of the domains table, handed to plugins as {@link Domains}. */
public final class DomainStore implements Domains {

    private final Jdbc jdbc;
    private final DomainNameIndex names;

    public DomainStore(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.names = new DomainNameIndex(jdbc);
    }

    @Override
    public Optional<Domain> find(String nameOrAlias) {
        if (nameOrAlias == null || nameOrAlias.isBlank()) {
            return Optional.empty();
        }
        String name = DomainNames.lookupForm(nameOrAlias);
        // the domain and its aliases in one statement (a request looks a domain up a few times)
        Optional<Domain> byName = withAliasesJoined("d.name = ?", name);
        return byName.isPresent() ? byName
                : withAliasesJoined("d.id = (select domain_id from domain_aliases where alias = ?)", name);
    }

    /** The one domain that {@code where} selects ({@code d}), its aliases read by the same statement. */
    private Optional<Domain> withAliasesJoined(String where, Object arg) {
        List<Object[]> rows = jdbc.query("select d.id, d.name, d.owner, a.alias from domains d"
                + " left join domain_aliases a on a.domain_id = d.id where " + where + " order by a.alias",
                rs -> new Object[] {new Row(rs.getLong(1), rs.getString(2), rs.getString(3)), rs.getString(4)}, arg);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row r = (Row) rows.get(0)[0];
        List<String> aliases = rows.stream().map(x -> (String) x[1]).filter(java.util.Objects::nonNull).toList();
        return Optional.of(new Domain(r.id, r.name, r.owner, aliases));
    }

    /** Two queries per 500 names (names, then aliases); past {@value #SCAN_ABOVE} names, one pass over all. */
    @Override
    public Map<String, Domain> findAll(java.util.Collection<String> namesOrAliases) {
        List<String> names = namesOrAliases.stream().filter(n -> n != null && !n.isBlank())
                .map(n -> n.strip().toLowerCase(Locale.ROOT)).distinct().toList();
        if (names.size() > SCAN_ABOVE) {
            return findAllByScan(names);
        }
        Map<String, Domain> out = new HashMap<>();
        for (int from = 0; from < names.size(); from += PER_STATEMENT) {
            List<String> chunk = names.subList(from, Math.min(names.size(), from + PER_STATEMENT));
            String in = "(" + "?,".repeat(chunk.size() - 1) + "?)";
            Object[] args = chunk.toArray();
            java.util.Set<String> asked = new java.util.HashSet<>(chunk);
            List<Row> rows = new ArrayList<>(jdbc.query("select id, name, owner from domains where name in " + in, Row::map, args));
            Map<Long, List<String>> aliasOf = new HashMap<>();
            jdbc.query("select a.domain_id, a.alias, d.name, d.owner from domain_aliases a join domains d on d.id = a.domain_id"
                    + " where a.alias in " + in, rs -> {
                        aliasOf.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                        rows.add(new Row(rs.getLong(1), rs.getString(3), rs.getString(4)));
                        return null;
                    }, args);
            for (Domain d : withAliases(rows.stream().distinct().toList())) {
                if (asked.contains(d.name())) {
                    out.put(d.name(), d);
                }
                aliasOf.getOrDefault(d.id(), List.of()).forEach(a -> out.put(a, d));
            }
        }
        return out;
    }

    /** Past this many names, {@link #findAll} reads every domain once instead of looking each up. */
    static final int SCAN_ABOVE = 5000;

    /**
     * {@link #findAll} of many names: one streamed pass over the domains keeping the names asked for, and
     * one read of the aliases. At 100,000 names of 200,000 domains: 0.3-0.5 s instead of 200 look-ups of 500
     * names with their aliases (600 queries), 1.1-2.4 s.
     */
    private Map<String, Domain> findAllByScan(List<String> names) {
        java.util.Set<String> asked = new java.util.HashSet<>(names);
        List<Row> rows = new ArrayList<>();
        scanRows(asked, rows::add);
        Map<Long, List<String>> aliasesOf = new HashMap<>();
        Map<String, Row> ownerOf = new HashMap<>();
        jdbc.forEachRow("select a.domain_id, a.alias, d.name, d.owner from domain_aliases a join domains d"
                + " on d.id = a.domain_id order by a.alias", rs -> {
                    long id = rs.getLong(1);
                    String alias = rs.getString(2);
                    aliasesOf.computeIfAbsent(id, k -> new ArrayList<>()).add(alias);
                    if (asked.contains(alias)) {
                        ownerOf.put(alias, new Row(id, rs.getString(3), rs.getString(4)));
                    }
                });
        Map<String, Domain> out = new HashMap<>();
        for (Row r : rows) {
            out.put(r.name, new Domain(r.id, r.name, r.owner, aliasesOf.getOrDefault(r.id, List.of())));
        }
        ownerOf.forEach((alias, r) -> out.put(alias, out.containsKey(r.name) ? out.get(r.name)
                : new Domain(r.id, r.name, r.owner, aliasesOf.getOrDefault(r.id, List.of()))));
        return out;
    }

    /** One query: aliases are few. */
    @Override
    public java.util.SortedMap<String, String> aliases() {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        jdbc.query("select a.alias, d.name from domain_aliases a join domains d on d.id = a.domain_id",
                rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
    }

    public Optional<Domain> byId(long id) {
        return withAliasesJoined("d.id = ?", id);
    }

    @Override
    public PageResult<Domain> list(String filter, int offset, int limit) {
        return list(filter, offset, limit, Long.MAX_VALUE);
    }

    /**
     * Without a filter, a page of the name index and a count that reads at most {@code countLimit} of its
     * entries; with one, the names in memory ({@link DomainNameIndex}) give the page's names and the count,
     * and the page's rows are read by name.
     */
    @Override
    public PageResult<Domain> list(String filter, int offset, int limit, long countLimit) {
        String f = filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT);
        if (!f.isEmpty()) {
            PageResult<String> page = names.page(f, offset, limit, countLimit);
            return new PageResult<>(withAliases(rowsNamed(page.items())), page.total(), offset, limit);
        }
        long total = jdbc.countUpTo("domains", "name", countLimit);
        List<Row> rows = jdbc.query("select id, name, owner from domains order by name offset ? rows fetch next ? rows only",
                Row::map, Math.max(0, offset), Math.max(0, limit));
        return new PageResult<>(withAliases(rows), total, offset, limit);
    }

    /** The rows whose name is in {@code asked}, in one streamed pass over the table (none held but those). */
    private void scanRows(java.util.Set<String> asked, java.util.function.Consumer<Row> found) {
        jdbc.forEachRow("select id, name, owner from domains", rs -> {
            if (asked.contains(rs.getString(2))) {
                found.accept(Row.map(rs));
            }
        });
    }

    /** Names per statement of {@link #rowsNamed} and ids per statement of {@link #withAliases}, as {@link #findAll} asks. */
    static final int PER_STATEMENT = 500;

    /**
     * The rows of {@code names} (a page of the name index), in their order; a name deleted since is left out.
     * {@value #PER_STATEMENT} names per statement, and past {@value #SCAN_ABOVE} one streamed pass over the table:
     * one statement naming them all ({@code panel bin domain --list -filter example} at 120,000 matches) passed
     * H2's 100,000 parameters (PostgreSQL's driver takes 65,535) and failed.
     */
    private List<Row> rowsNamed(List<String> names) {
        Map<String, Row> byName = new HashMap<>();
        if (names.size() > SCAN_ABOVE) {
            scanRows(new java.util.HashSet<>(names), r -> byName.put(r.name, r));
        } else {
            for (int from = 0; from < names.size(); from += PER_STATEMENT) {
                List<String> chunk = names.subList(from, Math.min(names.size(), from + PER_STATEMENT));
                jdbc.query("select id, name, owner from domains where name in (" + "?,".repeat(chunk.size() - 1) + "?)",
                        Row::map, chunk.toArray()).forEach(r -> byName.put(r.name, r));
            }
        }
        List<Row> rows = new ArrayList<>(byName.size());
        for (String name : names) {
            Row r = byName.get(name);
            if (r != null) {
                rows.add(r);
            }
        }
        return rows;
    }

    /** Names from memory, read again only after a change of the domains' names ({@link DomainNameIndex}). */
    @Override
    public void names(String filter, java.util.function.Predicate<String> action) {
        names.forEach(filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT), action);
    }

    /** From the names in memory ({@link DomainNameIndex}): the same generation check as a filtered list. */
    @Override
    public long count() {
        return names.count();
    }

    @Override
    public List<Domain> ownedBy(String login) {
        return withAliases(jdbc.query("select id, name, owner from domains where owner = ? order by name", Row::map, login));
    }

    /**
     * {@code login}'s own domains that {@code filter} matches as every domain list matches
     * ({@link io.smarthost.panel.api.DomainFilter}: {@code büch} finds {@code bücher.example}): a customer's list,
     * on the page and through REST.
     */
    public List<Domain> ownedBy(String login, String filter) {
        String f = io.smarthost.panel.api.DomainFilter.of(filter);
        return ownedBy(login).stream().filter(d -> io.smarthost.panel.api.DomainFilter.matches(d.name(), f)).toList();
    }

    /** Whether {@code login} may manage the domain: admins manage all, customers what they own. */
    public static boolean mayManage(io.smarthost.panel.api.PanelUser user, Domain domain) {
        return user.isAdmin() || domain.owner().equals(user.login());
    }

    /**
     * The rows as domains with their aliases (each domain's in alias order): {@value #PER_STATEMENT} ids per
     * statement, past {@value #SCAN_ABOVE} rows one read of every alias (aliases are few). One statement with every
     * id failed past H2's 100,000 parameters ({@code panel bin domain --list} of 120,000 domains).
     */
    private List<Domain> withAliases(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<String>> aliases = new HashMap<>();
        if (rows.size() > SCAN_ABOVE) {
            java.util.Set<Long> ids = new java.util.HashSet<>();
            rows.forEach(r -> ids.add(r.id));
            jdbc.forEachRow("select domain_id, alias from domain_aliases order by alias", rs -> {
                if (ids.contains(rs.getLong(1))) {
                    aliases.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            });
        } else {
            for (int from = 0; from < rows.size(); from += PER_STATEMENT) {
                Object[] ids = rows.subList(from, Math.min(rows.size(), from + PER_STATEMENT)).stream().map(Row::id).toArray();
                jdbc.query("select domain_id, alias from domain_aliases where domain_id in (" + "?,".repeat(ids.length - 1)
                        + "?) order by alias", rs -> aliases.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)), ids);
            }
        }
        List<Domain> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Domain(r.id, r.name, r.owner, aliases.getOrDefault(r.id, List.of())));
        }
        return out;
    }

    private record Row(long id, String name, String owner) {
        static Row map(ResultSet rs) throws SQLException {
            return new Row(rs.getLong(1), rs.getString(2), rs.getString(3));
        }
    }
}
