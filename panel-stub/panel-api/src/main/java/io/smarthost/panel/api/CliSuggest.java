package io.smarthost.panel.api;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The known word a mistyped one was most likely meant to be ({@code -hots} for {@code -host}, {@code --updat-domain}
 * for {@code --update-domain}): for the "did you mean" of a refused option or command. A word is suggested when it
 * is within one edit of the typed one for words of up to four letters and two edits for longer ones (an edit: a
 * letter added, dropped, changed, or two neighbours swapped), or when the typed word of at least four letters is its
 * beginning ({@code -verify-cert}); and only when a single known word is closest. Nothing is suggested otherwise: a wrong guess misleads
 * more than none.
 *
 * @since 1.4
 */
public final class CliSuggest {
    private CliSuggest() {
    }

    /** Longer words are not compared (a stranger's word is not run through a quadratic loop). */
    static final int LONGEST = 64;

    /**
     * The one known word closest to {@code typed}, if one is close enough and no other is as close. Letter case is
     * no difference ({@code --LIST} is {@code --list} typed in capitals, which the command line does not take); a
     * word within its edits wins over one that only shares a prefix ({@code list-sender} is {@code list-senders},
     * not {@code list}).
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.length() > LONGEST) {
            return Optional.empty();
        }
        String best = null;
        int bestRank = Integer.MAX_VALUE;
        boolean tie = false;
        for (String word : known) {
            if (word.length() > LONGEST || word.equals(typed)) {
                continue;
            }
            String w = word.toLowerCase(Locale.ROOT);
            int d = distance(t, w);
            int allowed = Math.min(t.length(), w.length()) <= 4 ? 1 : 2;
            // a beginning of the word (verify-cert), not the word with more after it (repair-all-and-more is no repair)
            boolean prefix = t.length() >= 4 && w.startsWith(t);
            // within the edits: 0, 2, 4; a prefix only: after every one of those
            int rank = d <= allowed ? 2 * d : prefix ? 2 * allowed + 1 : -1;
            if (rank < 0) {
                continue;
            }
            if (rank < bestRank) {
                best = word;
                bestRank = rank;
                tie = false;
            } else if (rank == bestRank && !word.equals(best)) {
                tie = true;
            }
        }
        return tie ? Optional.empty() : Optional.ofNullable(best);
    }

    /** {@code " (did you mean " + prefix + word + "?)"} for the closest word, or nothing. */
    public static String didYouMean(String typed, Collection<String> known, String prefix) {
        return closest(typed, known).map(w -> " (did you mean " + prefix + w + "?)").orElse("");
    }

    /**
     * A utility's refusal of a command it does not have: {@code unknown command --lst (did you mean --list?); see
     * panel bin domain --help}.
     *
     * @param known the utility's commands, without their dashes
     * @param help where to look, e.g. {@code see panel bin domain --help}
     */
    public static CliUsageException unknownCommand(String command, Collection<String> known, String help) {
        java.util.List<String> all = new java.util.ArrayList<>(known);
        all.add("help"); // every utility's --help
        return new CliUsageException("unknown command --" + command + didYouMean(command, all, "--") + "; " + help);
    }

    /**
     * Edits from {@code a} to {@code b}: letters added, dropped, changed, neighbours swapped (optimal string alignment),
     * as they are (no case folding). Also for the host's guesses at a mistyped {@code panel.ini} key.
     */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
