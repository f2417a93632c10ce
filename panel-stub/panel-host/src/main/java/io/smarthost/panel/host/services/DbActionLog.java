package io.smarthost.panel.host.services;

import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.services.ActionLog;
import io.smarthost.panel.host.db.Jdbc;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The action log in the panel database. The actor and channel come from the request or CLI
 * invocation on this thread ({@code system} otherwise). Details whose name mentions a password,
 * secret, token or key are replaced by {@code ******}.
 */
public final class DbActionLog implements ActionLog {

    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "key");

    private final Jdbc jdbc;
    private final String pluginId;

    /** One entry as stored. */
    public record Entry(Instant at, String actor, String channel, String pluginId, String action, String target, String details) {
    }

    public DbActionLog(Jdbc jdbc, String pluginId) {
        this.jdbc = jdbc;
        this.pluginId = pluginId;
    }

    @Override
    public void record(String action, String target, Map<String, String> details) {
        RequestContext ctx = CurrentRequest.get().orElse(null);
        String actor = ctx == null ? "system" : ctx.user().login();
        String channel = ctx == null ? "SYSTEM" : ctx.via().name();
        StringBuilder text = new StringBuilder();
        new TreeMap<>(details == null ? Map.<String, String>of() : details).forEach((k, v) -> {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(k).append('=').append(redact(k) ? "******" : v);
        });
        jdbc.update("insert into action_log(actor, channel, plugin_id, action, target, details) values (?, ?, ?, ?, ?, ?)",
                actor, channel, pluginId, cut(action, 200), cut(target, 300), text.toString());
    }

    static boolean redact(String detailName) {
        String lower = detailName.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    private static String cut(String text, int max) {
        String value = text == null ? "" : text;
        return value.length() > max ? value.substring(0, max) : value;
    }

    /** The newest entries first. */
    public static List<Entry> latest(Jdbc jdbc, int limit) {
        return jdbc.query("select at, actor, channel, plugin_id, action, target, details from action_log order by id desc "
                + "fetch first ? rows only", rs -> new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)), limit);
    }
}
