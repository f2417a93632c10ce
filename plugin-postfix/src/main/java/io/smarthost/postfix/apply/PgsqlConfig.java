package io.smarthost.postfix.apply;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.relay.Relay;
import io.smarthost.postfix.maincf.MainCf;
import io.smarthost.postfix.maincf.MasterCf;
import io.smarthost.postfix.render.MapKind;
import io.smarthost.postfix.render.RelayRendering;
import io.smarthost.postfix.render.SafeValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * main.cf and master.cf of a Postfix whose three relay maps are {@code pgsql:} tables ({@code [mail]
 * smarthost.postfix.maps = pgsql}): the same managed parameters, byte-preserving edits, validation
 * ({@code postconf}, {@code postfix check}), atomic swap, restore on failure and reload as the files
 * mode ({@link ApplyEngine}), with the map parameters naming {@code pgsql:DIR/pgsql-MAP.cf}. No map file
 * is written here: the rows live in the panel's database. Used for the panel's own configuration folder
 * and for every node's.
 */
public final class PgsqlConfig {

    private final Layout layout;
    private final PostfixCommands commands;
    private final String caFile;

    public PgsqlConfig(Layout layout, PostfixCommands commands, String caFile) {
        this.layout = layout;
        this.commands = commands;
        this.caFile = caFile;
    }

    /** The {@code pgsql:} table file of {@code kind} in {@code configDir}. */
    public static Path tableFile(Path configDir, MapKind kind) {
        return configDir.toAbsolutePath().normalize().resolve("pgsql-" + kind.file() + ".cf");
    }

    /**
     * The managed main.cf parameters for a server relay (or none) and domain relays (or none), the maps
     * named as {@code pgsql:} tables of {@code configDir}. Empty when the feature is off.
     */
    public static Map<String, String> parameters(Path configDir, String caFile, Optional<Relay> server, boolean anyDomain) {
        Map<String, String> params = new LinkedHashMap<>(new RelayRendering(new Layout(configDir).mapsDir(), caFile)
                .mainCfParameters(server, anyDomain));
        for (MapKind kind : MapKind.values()) {
            params.computeIfPresent(kind.parameter(), (k, v) -> "pgsql:" + tableFile(configDir, kind));
        }
        return params;
    }

    /**
     * What the server-wide settings make of main.cf and master.cf, the same on every node (the table
     * paths left out): when it changes, the nodes have a server-wide generation to catch up with.
     */
    public static String fingerprint(String caFile, Optional<Relay> server, boolean anyDomain) {
        Map<String, String> params = new RelayRendering(Path.of("/"), caFile).mainCfParameters(server, anyDomain);
        for (MapKind kind : MapKind.values()) {
            params.remove(kind.parameter());
        }
        return params + " master=" + (server.isPresent() || anyDomain);
    }

    /**
     * Makes main.cf and master.cf match; reloads a running instance when they changed.
     *
     * @return what was done
     */
    public List<String> apply(Optional<Relay> server, boolean anyDomain) throws BackendException {
        ApplyEngine.requireUsableConfigDir(layout);
        if (server.isPresent()) {
            SafeValues.checkRelay("server-wide relay", server.get());
        }
        ApplyEngine files = new ApplyEngine(layout, commands, caFile, 10);
        try (ApplyLock lock = ApplyLock.acquire(layout)) {
            Txn txn = new Txn(layout, commands);
            try {
                txn.step = "read";
                String mainText = read(layout.mainCf());
                String masterText = read(layout.masterCf());
                boolean enabled = server.isPresent() || anyDomain;
                MainCf mainCf = MainCf.parse(mainText);
                Map<String, String> params = parameters(layout.configDir(), caFile, server, anyDomain);
                RelayRendering.applyTo(mainCf, params);
                MasterCf masterCf = MasterCf.parse(masterText);
                new RelayRendering(layout.mapsDir(), caFile).applyTo(masterCf, enabled);
                ApplyEngine.AppliedState previous = ApplyEngine.AppliedState.read(layout.appliedState());
                ApplyEngine.AppliedState next = new ApplyEngine.AppliedState(params, "");
                List<String> done = new ArrayList<>();
                if (mainCf.render().equals(mainText) && masterCf.render().equals(masterText) && next.equals(previous)) {
                    done.add("main.cf/master.cf already current");
                    return done;
                }
                Files.createDirectories(layout.mapsDir());
                PrivateFiles.folder(layout.mapsDir());
                files.stageAndValidate(mainCf.render(), masterCf.render(), next, enabled, txn);
                txn.swap();
                txn.step = "reload";
                MasterProcess.Status master = MasterProcess.of(layout.configDir(), MasterProcess.queueDirectory(mainCf));
                if (master.state() == MasterProcess.State.RUNNING) {
                    commands.reload(layout.configDir());
                }
                txn.commit();
                done.addAll(txn.steps);
                done.add(master.state() == MasterProcess.State.RUNNING ? "postfix reload"
                        : "no Postfix instance runs for " + layout.configDir() + ": reload skipped");
                return done;
            } catch (BackendException e) {
                txn.rollback(e);
                throw e;
            } catch (IOException | RuntimeException e) {
                BackendException be = new BackendException(txn.step, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                txn.rollback(be);
                throw be;
            } finally {
                txn.cleanup();
            }
        }
    }

    private static String read(Path file) throws BackendException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendException("read", "cannot read " + file + ": " + e.getMessage()
                    + " (a Postfix configuration folder with main.cf and master.cf is needed)", e);
        }
    }
}
