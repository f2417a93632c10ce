package io.smarthost.postfix.pgsql;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.backend.MailNodes;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Postfix nodes reading the relay maps through {@code pgsql:} tables ({@link PgsqlMode}). */
final class PgsqlNodes implements MailNodes {
    private final PgsqlMode mode;

    PgsqlNodes(PgsqlMode mode) {
        this.mode = mode;
    }

    @Override
    public List<String> setup(Path configDirectory, Optional<String> name, DesiredState desired) throws BackendException {
        String node = name.orElseGet(() -> defaultName(configDirectory));
        if (!node.matches("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}")) {
            throw new IllegalArgumentException("-name: letters, digits and . _ : / - (at most 128, starting with a letter"
                    + " or digit), not '" + node + "'");
        }
        return mode.setupNode(configDirectory, node, desired);
    }

    @Override
    public List<String> sync(Path configDirectory, DesiredState desired) throws BackendException {
        return mode.syncNode(configDirectory, desired);
    }

    @Override
    public Fleet fleet() {
        return mode.fleet();
    }

    /** The machine's name and the folder: two nodes of one machine differ by their folder. */
    static String defaultName(Path dir) {
        String hostName;
        try {
            hostName = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            hostName = "localhost";
        }
        return hostName.replaceAll("[^A-Za-z0-9._-]", "-") + ":" + dir.toAbsolutePath().normalize();
    }
}
