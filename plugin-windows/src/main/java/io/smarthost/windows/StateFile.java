package io.smarthost.windows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a backend last applied, as a small JSON document in the plugin's data folder (owner-only,
 * written atomically). Kept outside the settings store on purpose: backends run inside the core's
 * store transaction and must not open one of their own. Holds no secret in clear; passwords appear
 * only sealed by the panel's {@link io.smarthost.panel.api.services.SecretBox}.
 */
public final class StateFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public StateFile(Path file) {
        this.file = file;
    }

    /** The last saved document, or an empty one when none was saved yet. */
    public ObjectNode read() throws IOException {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        try {
            return (ObjectNode) JSON.readTree(file.toFile());
        } catch (IOException | ClassCastException e) {
            throw new IOException(file + " is not a JSON object (" + e.getMessage()
                    + "); delete it and run repair to rebuild it", e);
        }
    }

    public void write(ObjectNode document) throws IOException {
        PrivateFiles.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
    }

    public Path path() {
        return file;
    }
}
