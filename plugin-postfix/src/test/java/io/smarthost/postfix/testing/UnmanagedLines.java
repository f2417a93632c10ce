package io.smarthost.postfix.testing;

import io.smarthost.postfix.maincf.ConfigLine;
import io.smarthost.postfix.maincf.MainCf;
import io.smarthost.postfix.render.RelayRendering;
import java.util.List;

/**
 * The lines of a main.cf that the smarthost feature must never touch: everything but the managed
 * parameters (with their continuation lines), our marker comments and the hand-written lines we keep as
 * saved comments. Compare before and after a change to prove they stayed byte for byte.
 */
public final class UnmanagedLines {

    private UnmanagedLines() {
    }

    /** Each unmanaged line with its terminator, in file order. */
    public static List<String> of(String mainCf) {
        return MainCf.parse(mainCf).lines().stream()
                .filter(l -> l.kind() == ConfigLine.Kind.IGNORED || !RelayRendering.MANAGED.contains(l.owner()))
                .filter(l -> !l.text().equals(MainCf.MARKER) && !l.text().equals(MainCf.END_MARKER) && !MainCf.isSaved(l))
                .map(ConfigLine::raw).toList();
    }
}
