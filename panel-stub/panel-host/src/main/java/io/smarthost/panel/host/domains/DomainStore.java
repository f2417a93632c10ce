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

    public DomainStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Domain> find(String nameOrAlias) {
        if (nameOrAlias == null || nameOrAlias.isBlank()) {
            return Optional.empty();
        }
        String name = nameOrAlias.strip().toLowerCase(Locale.ROOT);
        Optional<Row> row = jdbc.one("select id, name, owner from domains where name = ?", Row::map, name);
        if (row.isEmpty()) {
            row = jdbc.one("select d.id, d.name, d.owner from domains d join domain_aliases a on a.domain_id = d.id "
                    + "where a.alias = ?", Row::map, name);
        }
        return row.map(r -> withAliases(List.of(r)).get(0));
    }

    public Optional<Domain> byId(long id) {
        return jdbc.one("select id, name, owner from domains where id = ?", Row::map, id)
                .map(r -> withAliases(List.of(r)).get(0));
    }

    @Override
    public PageResult<Domain> list(String filter, int offset, int limit) {
        String like = "%" + Jdbc.likeEscape(filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT)) + "%";
        long total = jdbc.count("select count(*) from domains where name like ? escape '\\'", like);
        List<Row> rows = jdbc.query("select id, name, owner from domains where name like ? escape '\\' order by name "
                + "offset ? rows fetch next ? rows only", Row::map, like, Math.max(0, offset), Math.max(0, limit));
        return new PageResult<>(withAliases(rows), total, offset, limit);
    }

    @Override
    public long count() {
        return jdbc.count("select count(*) from domains");
    }

    @Override
    public List<Domain> ownedBy(String login) {
        return withAliases(jdbc.query("select id, name, owner from domains where owner = ? order by name", Row::map, login));
    }

    /** Whether {@code login} may manage the domain: admins manage all, customers what they own. */
    public static boolean mayManage(io.smarthost.panel.api.PanelUser user, Domain domain) {
        return user.isAdmin() || domain.owner().equals(user.login());
    }

    private List<Domain> withAliases(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<String>> aliases = new HashMap<>();
        StringBuilder in = new StringBuilder();
        Object[] ids = new Object[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            in.append(i == 0 ? "?" : ",?");
            ids[i] = rows.get(i).id;
        }
        jdbc.query("select domain_id, alias from domain_aliases where domain_id in (" + in + ") order by alias",
                rs -> aliases.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)), ids);
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
