package io.smarthost.core.backend;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mail server nodes that read the per-domain relay maps from the panel's database (Postfix with
 * {@code pgsql:} lookup tables): a node's configuration is written once ({@link #setup}); server-wide
 * settings that live in its own files reach it with {@link #sync}, which records the generation it
 * applied. Called on the CLI's or the request's thread with the service's apply lock held, inside a
 * store transaction ({@link #setup} and {@link #sync} read and write the database in it).
 *
 * @since 1.3
 */
public interface MailNodes {

    /**
     * Writes the node's mail server configuration in {@code configDirectory} for {@code desired} and registers
     * the node under {@code name} (default: the folder's host name and path). Idempotent.
     *
     * @return what was done, one sentence per line (never a secret)
     */
    List<String> setup(Path configDirectory, Optional<String> name, DesiredState desired) throws BackendException;

    /**
     * Applies the current server-wide settings to the node set up in {@code configDirectory} and records the
     * generation applied and the contact.
     *
     * @return what was done (never a secret)
     */
    List<String> sync(Path configDirectory, DesiredState desired) throws BackendException;

    /** The registered nodes, by name, with the server-wide generation they should have. */
    Fleet fleet();

    /** Where the fleet stands: the current server-wide generation and every node. */
    record Fleet(long generation, List<Node> nodes) {
        public Fleet {
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * One node.
     *
     * @param name            its name
     * @param configDirectory its mail server's configuration folder (on its machine)
     * @param generation      the server-wide generation it applied last
     * @param lastContact     when it last set itself up or synchronised
     * @param behind          whether it applied an older generation than the current one
     */
    record Node(String name, String configDirectory, long generation, Optional<Instant> lastContact, boolean behind) {
    }
}
