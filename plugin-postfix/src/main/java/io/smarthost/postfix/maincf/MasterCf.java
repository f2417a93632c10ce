package io.smarthost.postfix.maincf;

import io.smarthost.postfix.maincf.ConfigLine.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An editable {@code master.cf} with the same preservation rules as {@link MainCf}: services we do
 * not own keep every byte. Our services live in one block after a marker comment at the end.
 */
public final class MasterCf {

    public static final String MARKER = "# Smarthost relay transports (managed by the panel: changes here are overwritten)";

    private final List<ConfigLine> lines;

    private MasterCf(List<ConfigLine> lines) {
        this.lines = lines;
    }

    public static MasterCf parse(String text) {
        // A master.cf line that is not blank, a comment or a continuation starts a service entry.
        return new MasterCf(ConfigLines.parse(text, line -> Optional.of(line.split("\\s+", 2)[0])));
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.raw()));
        return sb.toString();
    }

    /** Service names defined in the file, in order (a name may repeat with another type). */
    public List<String> serviceNames() {
        return lines.stream().filter(l -> l.kind() == Kind.START).map(ConfigLine::owner).toList();
    }

    /** The full text (start and continuation lines) of each service whose name matches. */
    public List<String> services(Predicate<String> name) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (ConfigLine l : lines) {
            if (l.kind() == Kind.START) {
                if (current != null) {
                    out.add(current.toString());
                }
                current = name.test(l.owner()) ? new StringBuilder(l.text()) : null;
            } else if (l.kind() == Kind.CONTINUATION && current != null) {
                current.append('\n').append(l.text());
            }
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out;
    }

    /**
     * Each service whose name matches, with its lines joined by single spaces and the 1-based number
     * of its first line: what to compare and where to point an admin.
     */
    public List<Service> entries(Predicate<String> name) {
        List<Service> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            ConfigLine l = lines.get(i);
            if (l.kind() != Kind.START || !name.test(l.owner())) {
                continue;
            }
            StringBuilder text = new StringBuilder(l.text().strip());
            for (int j = i + 1; j < lines.size() && lines.get(j).kind() != Kind.START
                    && lines.get(j).kind() != Kind.MALFORMED; j++) {
                if (lines.get(j).kind() == Kind.CONTINUATION) {
                    text.append(' ').append(lines.get(j).text().strip());
                }
            }
            out.add(new Service(l.owner(), text.toString().replaceAll("\\s+", " "), i + 1));
        }
        return out;
    }

    /**
     * One service entry.
     *
     * @param name service name (first field)
     * @param text the whole entry, continuation lines joined, whitespace runs as single spaces
     * @param line 1-based number of its first line
     */
    public record Service(String name, String text, int line) {
    }

    /**
     * Replaces our block: removes every service whose name matches {@code ours} (wherever it is) and
     * the marker, then appends the marker and {@code block} (complete lines) when it is not empty.
     */
    public void replaceBlock(Predicate<String> ours, String block) {
        for (int i = 0; i < lines.size(); i++) {
            ConfigLine l = lines.get(i);
            boolean remove = l.text().equals(MARKER)
                    || (l.kind() == Kind.START || l.kind() == Kind.CONTINUATION) && ours.test(l.owner());
            if (remove) {
                lines.remove(i--);
            }
        }
        if (block.isEmpty()) {
            return;
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).terminator().isEmpty()) {
            ConfigLine last = lines.remove(lines.size() - 1);
            lines.add(new ConfigLine(last.text(), "\n", last.kind(), last.owner()));
        }
        lines.add(new ConfigLine(MARKER, "\n", Kind.IGNORED, ""));
        String owner = "";
        for (String[] l : ConfigLines.split(block)) {
            Kind kind = ConfigLines.startsWithWhitespace(l[0]) ? Kind.CONTINUATION : Kind.START;
            owner = kind == Kind.START ? l[0].split("\\s+", 2)[0] : owner;
            lines.add(new ConfigLine(l[0], l[1], kind, owner));
        }
    }
}
