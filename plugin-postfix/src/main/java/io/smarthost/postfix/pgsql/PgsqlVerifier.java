package io.smarthost.postfix.pgsql;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.backend.Verification;
import io.smarthost.core.backend.Verification.Disagreement;
import io.smarthost.postfix.apply.PgsqlConfig;
import io.smarthost.postfix.maincf.MainCf;
import io.smarthost.postfix.render.MapKind;
import io.smarthost.postfix.render.RelayRendering;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The self-check in {@code pgsql} mode: the managed main.cf parameters of the panel's own folder against the
 * settings, every map row in the database (logins decrypted and compared, never shown) against the rendered
 * settings, and the nodes that lag behind the server-wide generation.
 */
final class PgsqlVerifier {

    private PgsqlVerifier() {
    }

    static Verification verify(Connection c, String mapKey, Path configDir, String caFile, DesiredState desired)
            throws BackendException, SQLException {
        String crypto = PgsqlSchema.ensure(c);
        List<String> checked = new ArrayList<>();
        List<Disagreement> found = new ArrayList<>();
        Map<String, String> want = PgsqlConfig.parameters(configDir, caFile, desired.server(), desired.hasDomains());
        try {
            MainCf mainCf = MainCf.parse(Files.readString(configDir.resolve("main.cf"), StandardCharsets.UTF_8));
            for (String name : RelayRendering.MANAGED) {
                Optional<String> have = mainCf.get(name).filter(v -> !v.isEmpty());
                String w = want.get(name);
                if (!have.equals(Optional.ofNullable(w))) {
                    found.add(new Disagreement("main.cf", "main.cf " + name, name + " is " + have.orElse("not set")
                            + "; the panel's settings say " + (w == null ? "not set" : w)));
                }
            }
            checked.add(configDir.resolve("main.cf").toString());
        } catch (java.io.IOException e) {
            found.add(new Disagreement("unreadable", configDir.resolve("main.cf").toString(), e.getMessage()));
        }
        Map<String, String> expected = new HashMap<>();
        for (Map.Entry<MapKind, byte[]> e : RelayRendering.renderMaps(desired).entrySet()) {
            for (String line : new String(e.getValue(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    int space = line.indexOf(' ');
                    String key = line.substring(0, space);
                    expected.put(e.getKey().file() + " " + key, line.substring(space + 1));
                    if (!key.chars().allMatch(ch -> ch < 0x80)) {
                        // an IDN name's Unicode key has a second row, as Postfix 3.7 sends it (PgsqlMaps.asLatin1)
                        expected.put(e.getKey().file() + " " + PgsqlMaps.asLatin1(key), line.substring(space + 1));
                    }
                }
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select map, k, coalesce(v, " + crypto
                + ".pgp_sym_decrypt(secret, '" + mapKey + "')) from " + PgsqlSchema.SCHEMA + ".maps")) {
            while (rs.next()) {
                String where = rs.getString(1) + " " + rs.getString(2);
                String w = expected.remove(where);
                boolean secret = rs.getString(1).equals(MapKind.SASL_PASSWD.file());
                if (w == null) {
                    found.add(new Disagreement("map", where, "a row the panel's settings do not have"));
                } else if (!w.equals(rs.getString(3))) {
                    found.add(new Disagreement("map", where, secret ? "the login differs from the panel's settings"
                            : rs.getString(3) + "; the panel's settings say " + w));
                }
            }
        }
        expected.keySet().stream().sorted().limit(100).forEach(where ->
                found.add(new Disagreement("map", where, "missing from the database")));
        checked.add("PostgreSQL " + PgsqlSchema.SCHEMA + ".maps");
        long generation;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select coalesce(max(generation), 0) from "
                + PgsqlSchema.SCHEMA + ".server")) {
            rs.next();
            generation = rs.getLong(1);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select name, generation from "
                + PgsqlSchema.SCHEMA + ".nodes where generation < " + generation + " order by name")) {
            while (rs.next()) {
                found.add(new Disagreement("node", rs.getString(1), "this node applied server-wide generation "
                        + rs.getLong(2) + " and the panel is at " + generation + " (panel bin smarthost --node-sync on the node brings it up to date)"));
            }
        }
        checked.add("PostgreSQL " + PgsqlSchema.SCHEMA + ".nodes");
        return new Verification(checked, found, true);
    }
}
