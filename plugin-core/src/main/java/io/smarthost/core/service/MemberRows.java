package io.smarthost.core.service;

import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SettingsStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Domain rows kept as one sorted list of names instead of a row each (since 1.4): the store as the rest of the
 * plugin sees it.
 *
 * <p>A bulk change that gives a shared record ({@link SharedRelays}) to many domains that had no row writes
 * their names once, as a <em>member set</em> of the record, not a row {@code @name = =ID} per domain: writing
 * 100,000 rows took the database 4-5 seconds, a few list chunks take milliseconds. This class makes the set's
 * names read as those rows everywhere: a key {@code @name} whose row is absent reads {@code =ID} when the name
 * is a member of the set of {@code =ID}; walks, lists and counts of domain rows merge the members into the rows
 * in key order. Every other kind of key passes through unchanged.
 *
 * <p>The store holds, besides the rows:
 * <pre>
 * members      the sets: one line each, "record stamp chunks size" (at most {@value #MAX_SETS})
 * $stamp.N     a set's names, sorted, one per line, in chunks of at most {@value #CHUNK_CHARS} characters;
 *              written once with a random stamp, never changed, deleted with the set
 * -name        the stamps of the sets {@code name} has left (space-separated)
 * </pre>
 * Rules: a member has no row of its own and is a member of one set at most. Writing a member's row (a change of
 * that one domain, a rename onto it) marks it as having left its set ({@code -name}) and writes the row; deleting
 * it marks it. A set is only ever written for names with no row and no set ({@link #add}), and deleted with its
 * record ({@link #drop}). A set's names never change, so a set a read of single keys or a page read once is kept
 * in memory by its stamp for every later transaction (a walk reads it without keeping it).
 */
final class MemberRows implements SettingsStore {
    static final String SETS = "members";
    static final String CHUNK_PREFIX = "$";
    static final String MARK_PREFIX = "-";
    /** From this many domains without a row, a bulk change writes them as a set. */
    static final int FROM = 1000;
    /** {@link #FROM}, lowered by tests that run every shared-record case with sets. */
    private static volatile int from = FROM;
    static final int MAX_SETS = 4;
    static final int CHUNK_CHARS = 400_000;
    private static final String ROW = StoreKeys.DOMAIN_PREFIX;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The sets read, by stamp (immutable). A few at most: a set of 100,000 names takes about 2.5 MB. */
    private static final Map<String, Names> READ = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Names> eldest) {
            return size() > 2 * MAX_SETS;
        }
    };

    private final SettingsStore store;

    private MemberRows(SettingsStore store) {
        this.store = store;
    }

    /** {@code store} as the plugin reads it. */
    static SettingsStore of(SettingsStore store) {
        return store instanceof MemberRows ? store : new MemberRows(store);
    }

    /** {@code tx} as the plugin reads it (an undo log reads through a view already). */
    static SettingsStore.Transaction of(SettingsStore.Transaction tx) {
        return tx instanceof Tx || tx instanceof UndoLog ? tx : new Tx(tx);
    }

    /** {@code host} whose {@link HostServices#store()} is the store as the plugin reads it; every other call as it was. */
    static HostServices wrap(HostServices host) {
        if (Proxy.isProxyClass(host.getClass()) && Proxy.getInvocationHandler(host) instanceof Wrapped) {
            return host;
        }
        SettingsStore store = of(host.store());
        return (HostServices) Proxy.newProxyInstance(HostServices.class.getClassLoader(),
                new Class<?>[] {HostServices.class}, new Wrapped(host, store));
    }

    private record Wrapped(HostServices host, SettingsStore store) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
            if (method.getName().equals("store") && method.getParameterCount() == 0) {
                return store;
            }
            if (method.getName().equals("equals") && method.getParameterCount() == 1) {
                return proxy == args[0];
            }
            if (method.getName().equals("hashCode") && method.getParameterCount() == 0) {
                return System.identityHashCode(proxy);
            }
            try {
                return method.invoke(host, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    // ---- writing a set -------------------------------------------------------------------------

    /** Whether {@code absent} domains without a row are enough for a set, and one more set may be written. */
    static boolean worth(SettingsStore.Transaction tx, int absent) {
        return absent >= from && room(tx);
    }

    /** Whether one more set may be written. */
    static boolean room(SettingsStore.Transaction tx) {
        return sets(tx).size() < MAX_SETS;
    }

    /** For tests: sets from {@code n} domains without a row ({@link #FROM} restores the default). */
    static void setsFrom(int n) {
        from = n;
    }

    /**
     * Makes {@code names} (domain names, each once, none with a row or in a set) members of {@code record}: they
     * read {@code record} from now on. Written with plain puts, so that an undo log takes the set back whole.
     */
    static void add(SettingsStore.Transaction tx, String record, List<String> names) {
        String[] sorted = names.toArray(String[]::new);
        Arrays.sort(sorted);
        String stamp = Long.toUnsignedString(RANDOM.nextLong(), 36);
        int chunks = 0;
        StringBuilder chunk = new StringBuilder();
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : sorted) {
            if (chunk.length() + name.length() + 1 > CHUNK_CHARS) {
                values.put(chunkKey(stamp, chunks++), chunk.toString());
                chunk.setLength(0);
            }
            chunk.append(name).append('\n');
        }
        values.put(chunkKey(stamp, chunks++), chunk.toString());
        List<MemberSet> sets = new ArrayList<>(sets(tx));
        sets.add(new MemberSet(record, stamp, chunks, sorted.length));
        values.put(SETS, format(sets));
        tx.putAll(values);
    }

    /** Deletes the sets of {@code records} (deleted: no row names them any more), and the marks of their members. */
    static void drop(SettingsStore.Transaction tx, Collection<String> records) {
        List<MemberSet> sets = sets(tx);
        List<MemberSet> gone = sets.stream().filter(s -> records.contains(s.record())).toList();
        if (gone.isEmpty()) {
            return;
        }
        List<MemberSet> kept = sets.stream().filter(s -> !records.contains(s.record())).toList();
        List<String> keys = new ArrayList<>();
        for (MemberSet s : gone) {
            for (int i = 0; i < s.chunks(); i++) {
                keys.add(chunkKey(s.stamp(), i));
            }
        }
        // marks that name only the sets that go
        java.util.Set<String> stamps = new java.util.HashSet<>();
        gone.forEach(s -> stamps.add(s.stamp()));
        Map<String, String> rewritten = new HashMap<>();
        tx.forEach(MARK_PREFIX, (key, value) -> {
            List<String> left = Arrays.stream(value.split(" ")).filter(v -> !v.isEmpty() && !stamps.contains(v)).toList();
            if (left.isEmpty()) {
                keys.add(key);
            } else if (left.size() != value.split(" ").length) {
                rewritten.put(key, String.join(" ", left));
            }
        });
        if (kept.isEmpty()) {
            keys.add(SETS);
        } else {
            rewritten.put(SETS, format(kept));
        }
        tx.deleteAll(keys);
        if (!rewritten.isEmpty()) {
            tx.putAll(rewritten);
        }
    }

    private static String chunkKey(String stamp, int i) {
        return CHUNK_PREFIX + stamp + "." + i;
    }

    // ---- the sets as stored --------------------------------------------------------------------

    /**
     * One set: the record its members name, its stamp, its number of chunks and of names. How many have left it is
     * read from the marks (a count kept on this line drifted when an undo log put the line back as it was before a
     * change and left the marks that change wrote below it).
     */
    record MemberSet(String record, String stamp, int chunks, int size) {
    }

    static List<MemberSet> sets(SettingsStore.Transaction tx) {
        return parse(tx.get(SETS).orElse(""));
    }

    private static List<MemberSet> parse(String text) {
        List<MemberSet> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 4) {
                out.add(new MemberSet(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3])));
            }
        }
        return out;
    }

    private static String format(List<MemberSet> sets) {
        StringBuilder b = new StringBuilder();
        for (MemberSet s : sets) {
            b.append(s.record()).append(' ').append(s.stamp()).append(' ').append(s.chunks()).append(' ')
                    .append(s.size()).append('\n');
        }
        return b.toString();
    }

    /** A set's names, sorted, in one byte array (names are lower-case ASCII: byte order is key order). */
    static final class Names {
        private final byte[] bytes;
        private final int[] starts;

        private Names(byte[] bytes, int[] starts) {
            this.bytes = bytes;
            this.starts = starts;
        }

        int size() {
            return starts.length - 1;
        }

        /** The row key of name {@code i}: {@code @name}. */
        String rowKey(int i) {
            int length = starts[i + 1] - starts[i] - 1;
            byte[] key = new byte[length + 1];
            key[0] = (byte) ROW.charAt(0);
            System.arraycopy(bytes, starts[i], key, 1, length);
            return new String(key, StandardCharsets.ISO_8859_1);
        }

        boolean contains(String name) {
            int i = lowerBound(name);
            return i < size() && compare(i, name) == 0;
        }

        /** The first index whose name is not below {@code name}. */
        int lowerBound(String name) {
            int lo = 0;
            int hi = size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compare(mid, name) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        private int compare(int i, String name) {
            int from = starts[i];
            int length = starts[i + 1] - from - 1;
            int n = Math.min(length, name.length());
            for (int k = 0; k < n; k++) {
                int c = (bytes[from + k] & 0xff) - name.charAt(k);
                if (c != 0) {
                    return c;
                }
            }
            return length - name.length();
        }

        static Names parse(List<String> chunks, int size) {
            int length = 0;
            for (String c : chunks) {
                length += c.length();
            }
            byte[] bytes = new byte[length];
            int[] starts = new int[size + 1];
            int at = 0;
            int n = 0;
            for (String c : chunks) {
                byte[] b = c.getBytes(StandardCharsets.ISO_8859_1);
                System.arraycopy(b, 0, bytes, at, b.length);
                for (int k = 0; k < b.length; k++) {
                    if (b[k] == '\n') {
                        if (n == size) {
                            throw new IllegalStateException("a member set holds more names than it says");
                        }
                        starts[++n] = at + k + 1;
                    }
                }
                at += b.length;
            }
            if (n != size) {
                throw new IllegalStateException("a member set holds " + n + " names, not " + size);
            }
            return new Names(bytes, starts);
        }
    }

    /**
     * A set's names, read once per stamp; empty when the set is gone (deleted since its line was read). Kept for
     * later reads only when {@code keep}: a walk reads every member anyway (parsing 100,000 names takes
     * milliseconds), and a panel that only walked (its start's self-check) need not hold them (2.5 MB, and more heap
     * kept committed beside them).
     */
    private static Optional<Names> names(SettingsStore.Transaction raw, MemberSet set, boolean keep) {
        synchronized (READ) {
            Names n = READ.get(set.stamp());
            if (n != null) {
                return Optional.of(n);
            }
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < set.chunks(); i++) {
            keys.add(chunkKey(set.stamp(), i));
        }
        Map<String, String> found = raw.getAll(keys);
        if (found.size() != keys.size()) {
            return Optional.empty();
        }
        Names n = Names.parse(keys.stream().map(found::get).toList(), set.size());
        if (keep) {
            synchronized (READ) {
                READ.put(set.stamp(), n);
            }
        }
        return Optional.of(n);
    }

    private static boolean left(String marks, String stamp) {
        if (marks == null) {
            return false;
        }
        for (String m : marks.split(" ")) {
            if (m.equals(stamp)) {
                return true;
            }
        }
        return false;
    }

    private static boolean touchesRows(String prefix) {
        return prefix.startsWith(ROW) || ROW.startsWith(prefix);
    }

    private static boolean isRow(String key) {
        return key.startsWith(ROW);
    }

    // ---- the transaction as the plugin sees it -------------------------------------------------

    /** A transaction in which the members of the sets read as rows. */
    static final class Tx implements SettingsStore.Transaction {
        private final SettingsStore.Transaction raw;

        Tx(SettingsStore.Transaction raw) {
            this.raw = raw;
        }

        /**
         * The sets whose members may lie under {@code prefix}, with their names (those still there): none when the
         * prefix holds no domain row or there is no set (one read of the sets' line). Read for a walk ({@code keep}
         * false), the names are not kept for later reads.
         */
        private List<Map.Entry<MemberSet, Names>> setsUnder(String prefix, boolean keep) {
            return touchesRows(prefix) ? loaded(sets(raw), keep) : List.of();
        }

        private List<Map.Entry<MemberSet, Names>> loaded(List<MemberSet> sets, boolean keep) {
            List<Map.Entry<MemberSet, Names>> out = new ArrayList<>();
            for (MemberSet s : sets) {
                names(raw, s, keep).ifPresent(n -> out.add(Map.entry(s, n)));
            }
            return out;
        }

        /** The set {@code name} is a member of, given its marks (a member of one set at most). */
        private static Optional<MemberSet> setOf(List<Map.Entry<MemberSet, Names>> sets, String name, String marks) {
            for (Map.Entry<MemberSet, Names> e : sets) {
                if (e.getValue().contains(name) && !left(marks, e.getKey().stamp())) {
                    return Optional.of(e.getKey());
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<String> get(String key) {
            if (!isRow(key)) {
                return raw.get(key);
            }
            return Optional.ofNullable(getAll(List.of(key)).get(key));
        }

        @Override
        public Map<String, String> getAll(Collection<String> keys) {
            List<String> rows = keys.stream().filter(MemberRows::isRow).toList();
            if (rows.isEmpty()) {
                return raw.getAll(keys);
            }
            List<String> asked = new ArrayList<>(keys.size() + rows.size() + 1);
            asked.addAll(keys);
            rows.forEach(k -> asked.add(MARK_PREFIX + k.substring(ROW.length())));
            asked.add(SETS);
            Map<String, String> found = raw.getAll(asked);
            String setsText = found.get(SETS);
            Map<String, String> out = new HashMap<>(keys.size() * 2);
            for (String k : keys) {
                String v = found.get(k);
                if (v != null) {
                    out.put(k, v);
                }
            }
            if (setsText == null) {
                return out;
            }
            List<Map.Entry<MemberSet, Names>> sets = loaded(parse(setsText), true);
            for (String k : rows) {
                if (!out.containsKey(k)) {
                    String name = k.substring(ROW.length());
                    setOf(sets, name, found.get(MARK_PREFIX + name)).ifPresent(set -> out.put(k, set.record()));
                }
            }
            return out;
        }

        /** Marks the members among {@code rowKeys} as having left their set; the keys that were members. */
        private java.util.Set<String> leave(Collection<String> rowKeys) {
            java.util.Set<String> members = new java.util.HashSet<>();
            List<Map.Entry<MemberSet, Names>> sets = rowKeys.isEmpty() ? List.of() : setsUnder(ROW, true);
            if (sets.isEmpty()) {
                return members;
            }
            List<String> markKeys = rowKeys.stream().map(k -> MARK_PREFIX + k.substring(ROW.length())).toList();
            Map<String, String> marks = raw.getAll(markKeys);
            Map<String, String> written = new LinkedHashMap<>();
            for (String k : rowKeys) {
                String name = k.substring(ROW.length());
                if (written.containsKey(MARK_PREFIX + name)) {
                    continue; // named twice
                }
                String mark = marks.get(MARK_PREFIX + name);
                Optional<String> stamp = setOf(sets, name, mark).map(MemberSet::stamp);
                if (stamp.isPresent()) {
                    members.add(k);
                    written.put(MARK_PREFIX + name, mark == null ? stamp.get() : mark + " " + stamp.get());
                }
            }
            if (!written.isEmpty()) {
                raw.putAll(written);
            }
            return members;
        }

        @Override
        public void put(String key, String value) {
            if (isRow(key)) {
                leave(List.of(key));
            }
            raw.put(key, value);
        }

        @Override
        public void putAll(Map<String, String> values) {
            leave(values.keySet().stream().filter(MemberRows::isRow).toList());
            raw.putAll(values);
        }

        @Override
        public boolean delete(String key) {
            if (!isRow(key)) {
                return raw.delete(key);
            }
            boolean member = !leave(List.of(key)).isEmpty();
            return raw.delete(key) || member;
        }

        @Override
        public void deleteAll(Collection<String> keys) {
            leave(keys.stream().filter(MemberRows::isRow).toList());
            raw.deleteAll(keys);
        }

        @Override
        public int deletePrefix(String prefix) {
            if (!touchesRows(prefix)) {
                return raw.deletePrefix(prefix);
            }
            // the members under the prefix leave their sets (which the prefix may delete too: then no matter)
            int left = leaveAll(prefix);
            return raw.deletePrefix(prefix) + left;
        }

        @Override
        public void putSecret(String key, Secret secret) {
            raw.putSecret(key, secret);
        }

        @Override
        public Optional<Secret> getSecret(String key) {
            return raw.getSecret(key);
        }

        @Override
        public Map<String, Secret> getSecrets(Collection<String> keys) {
            return raw.getSecrets(keys);
        }

        @Override
        public Map<String, Secret> getSecretsBetween(String from, String to, Collection<String> keys) {
            return raw.getSecretsBetween(from, to, keys);
        }

        @Override
        public void putSecrets(Map<String, Secret> secrets) {
            raw.putSecrets(secrets);
        }

        @Override
        public Optional<java.sql.Connection> connection() {
            return raw.connection();
        }

        @Override
        public long count(String prefix) {
            List<Map.Entry<MemberSet, Names>> sets = setsUnder(prefix, true);
            return raw.count(prefix) + (sets.isEmpty() ? 0 : new Members(sets, new Marks(raw), prefix, "").count());
        }

        @Override
        public PageResult<Entry> list(String prefix, String contains, int offset, int limit) {
            List<Map.Entry<MemberSet, Names>> sets = setsUnder(prefix, true);
            if (sets.isEmpty()) {
                return raw.list(prefix, contains, offset, limit);
            }
            return merged(sets, prefix, contains, offset, limit, Long.MAX_VALUE,
                    (want, countLimit) -> raw.list(prefix, contains, 0, want));
        }

        @Override
        public List<Entry> first(String prefix, int limit) {
            List<Map.Entry<MemberSet, Names>> sets = setsUnder(prefix, true);
            if (sets.isEmpty()) {
                return raw.first(prefix, limit);
            }
            // no total: a first page costs the same with 1,000 or 100,000 members
            return merged(sets, prefix, "", 0, limit, -1, (want, countLimit) -> {
                List<Entry> rows = raw.first(prefix, want);
                return new PageResult<>(rows, rows.size(), 0, want);
            }).items();
        }

        @Override
        public void forEach(String prefix, BiConsumer<String, String> action) {
            List<Map.Entry<MemberSet, Names>> sets = setsUnder(prefix, false);
            if (sets.isEmpty()) {
                raw.forEach(prefix, action);
                return;
            }
            Members members = new Members(sets, new Marks(raw).all(), prefix, "");
            Sink sink = (k, v) -> {
                action.accept(k, v);
                return true;
            };
            raw.forEach(prefix, (key, value) -> {
                members.emitBefore(key, sink);
                action.accept(key, value);
                members.skip(key); // a member that left it while this walk read the marks: the row wins
            });
            members.emitBefore(null, sink);
        }

        /** Marks the members under {@code prefix} as having left their sets; how many there were. */
        private int leaveAll(String prefix) {
            List<Map.Entry<MemberSet, Names>> sets = setsUnder(prefix, true);
            if (sets.isEmpty()) {
                return 0;
            }
            List<String> keys = new ArrayList<>();
            new Members(sets, new Marks(raw).all(), prefix, "").emitBefore(null, (k, v) -> keys.add(k));
            return leave(keys).size();
        }

        /**
         * A page of the rows and the members merged in key order, counted up to {@code countLimit} (negative: not
         * counted). Only the members up to the page's end are read, their marks a few hundred at a time.
         */
        PageResult<Entry> merged(List<Map.Entry<MemberSet, Names>> sets, String prefix, String contains, int offset,
                                 int limit, long countLimit, RawPage rawPage) {
            int from = Math.max(0, offset);
            int size = Math.max(0, limit);
            int want = (int) Math.min(Integer.MAX_VALUE, (long) from + size);
            PageResult<Entry> rows = rawPage.read(want, Math.max(countLimit, 0));
            Members members = new Members(sets, new Marks(raw), prefix, contains);
            List<Entry> page = new ArrayList<>(Math.min(size, 10_000));
            long[] seen = {0};
            Sink sink = (k, v) -> {
                if (seen[0]++ >= from && page.size() < size) {
                    page.add(new Entry(k, v));
                }
                return seen[0] < want;
            };
            for (Entry row : rows.items()) {
                if (seen[0] >= want || !members.emitBefore(row.key(), sink) || !sink.accept(row.key(), row.value())) {
                    break;
                }
                members.skip(row.key());
            }
            if (seen[0] < want) {
                members.emitBefore(null, sink);
            }
            if (countLimit < 0) {
                return new PageResult<>(page, page.size(), from, size);
            }
            long memberCount = new Members(sets, new Marks(raw), prefix, contains).count();
            return new PageResult<>(page, Math.min(countLimit, rows.total() + memberCount), from, size);
        }
    }

    /** Takes a member's key and record; answers whether more are wanted. */
    @FunctionalInterface
    interface Sink {
        boolean accept(String key, String record);
    }

    /**
     * The marks of the members, by name: every mark read at once (for a walk of every member), or those of the
     * names a page reaches, a few hundred names of a set at a time.
     */
    private static final class Marks {
        private static final int BATCH = 256;
        private final SettingsStore.Transaction raw;
        private final Map<String, String> known = new HashMap<>();
        private boolean all;

        Marks(SettingsStore.Transaction raw) {
            this.raw = raw;
        }

        /** Reads every mark now. */
        Marks all() {
            if (!all) {
                raw.forEach(MARK_PREFIX, (key, value) -> known.put(key.substring(MARK_PREFIX.length()), value));
                all = true;
            }
            return this;
        }

        /** How many marks name the set of {@code stamp} (every mark read). */
        long naming(String stamp) {
            all();
            long n = 0;
            for (String marks : known.values()) {
                if (left(marks, stamp)) {
                    n++;
                }
            }
            return n;
        }

        /** The marks of the name at {@code index} of {@code names}, whose row key is {@code rowKey} (null: none). */
        String of(Names names, int index, int end, String rowKey) {
            String name = rowKey.substring(ROW.length());
            if (all) {
                return known.get(name);
            }
            if (!known.containsKey(name)) {
                List<String> keys = new ArrayList<>(BATCH);
                for (int i = index; i < Math.min(end, index + BATCH); i++) {
                    keys.add(MARK_PREFIX + names.rowKey(i).substring(ROW.length()));
                }
                Map<String, String> found = raw.getAll(keys);
                for (String k : keys) {
                    known.put(k.substring(MARK_PREFIX.length()), found.get(k));
                }
            }
            return known.get(name);
        }
    }

    /** Reads the first {@code want} rows of a page, counted up to {@code countLimit}. */
    @FunctionalInterface
    interface RawPage {
        PageResult<Entry> read(int want, long countLimit);
    }

    /** The members of the sets under a prefix, in key order (the sets merged), skipping those that left. */
    private static final class Members {
        private final List<Map.Entry<MemberSet, Names>> sets;
        private final Marks marks;
        private final String contains;
        private final boolean whole;
        private final int[] next;
        private final int[] end;
        private final String[] head;

        Members(List<Map.Entry<MemberSet, Names>> sets, Marks marks, String prefix, String contains) {
            this.sets = sets;
            this.marks = marks;
            this.contains = contains == null ? "" : contains;
            this.next = new int[sets.size()];
            this.end = new int[sets.size()];
            this.head = new String[sets.size()];
            // the names whose row key starts with the prefix: "@" + name, the name starting with the rest
            String namePrefix = prefix.length() <= ROW.length() ? "" : prefix.substring(ROW.length());
            this.whole = namePrefix.isEmpty();
            for (int i = 0; i < sets.size(); i++) {
                Names n = sets.get(i).getValue();
                next[i] = n.lowerBound(namePrefix);
                end[i] = whole ? n.size() : n.lowerBound(JdbcRange.upperBound(namePrefix));
            }
        }

        /**
         * Emits, in key order, the members whose key is below {@code key} ({@code null}: all that are left), while
         * the sink wants more; whether it still does.
         */
        boolean emitBefore(String key, Sink sink) {
            while (true) {
                int best = -1;
                for (int i = 0; i < sets.size(); i++) {
                    if (head(i) != null && (best < 0 || head[i].compareTo(head[best]) < 0)) {
                        best = i;
                    }
                }
                if (best < 0 || key != null && head[best].compareTo(key) >= 0) {
                    return true;
                }
                String k = head[best];
                head[best] = null;
                next[best]++;
                if (!sink.accept(k, sets.get(best).getKey().record())) {
                    return false;
                }
            }
        }

        /**
         * Passes over a member whose key is {@code rowKey}, just read as a row: a member has no row, but a reader
         * outside the apply lock may read the marks before a member leaves and the rows after.
         */
        void skip(String rowKey) {
            for (int i = 0; i < sets.size(); i++) {
                if (rowKey.equals(head(i))) {
                    head[i] = null;
                    next[i]++;
                }
            }
        }

        /** The key of set {@code i}'s next wanted member (null when there is none left), kept until emitted. */
        private String head(int i) {
            Names names = sets.get(i).getValue();
            while (head[i] == null && next[i] < end[i]) {
                String k = names.rowKey(next[i]);
                if ((contains.isEmpty() || k.contains(contains))
                        && !left(marks.of(names, next[i], end[i], k), sets.get(i).getKey().stamp())) {
                    head[i] = k;
                } else {
                    next[i]++;
                }
            }
            return head[i];
        }

        /** How many members are left to emit: without reading a name when the whole sets are wanted. */
        long count() {
            marks.all();
            if (whole && contains.isEmpty() && Arrays.stream(next).allMatch(n -> n == 0)) {
                long n = 0;
                for (Map.Entry<MemberSet, Names> e : sets) {
                    n += e.getKey().size() - marks.naming(e.getKey().stamp());
                }
                return n;
            }
            long[] n = {0};
            emitBefore(null, (k, v) -> ++n[0] > 0);
            return n[0];
        }
    }

    /** The smallest string above every string that starts with a prefix (as the host's store reads a range). */
    private static final class JdbcRange {
        static String upperBound(String prefix) {
            StringBuilder b = new StringBuilder(prefix);
            while (b.length() > 0 && b.charAt(b.length() - 1) == Character.MAX_VALUE) {
                b.setLength(b.length() - 1);
            }
            if (b.length() == 0) {
                return "\uffff";
            }
            b.setCharAt(b.length() - 1, (char) (b.charAt(b.length() - 1) + 1));
            return b.toString();
        }
    }

    // ---- the store as the plugin sees it -------------------------------------------------------

    @Override
    public <T, X extends Exception> T inTransaction(Work<T, X> work) throws X {
        return store.inTransaction(tx -> work.run(of(tx)));
    }

    @Override
    public <T, X extends Exception> T inRollbackTransaction(Work<T, X> work) throws X {
        return store.inRollbackTransaction(tx -> work.run(of(tx)));
    }

    @Override
    public <T, X extends Exception> T exclusively(String name, Exclusive<T, X> work) throws X {
        return store.exclusively(name, work);
    }

    @Override
    public Optional<io.smarthost.panel.api.services.DatabaseServer> databaseServer() {
        return store.databaseServer();
    }

    @Override
    public Optional<String> get(String key) {
        return isRow(key) ? inTransaction(tx -> tx.get(key)) : store.get(key);
    }

    @Override
    public PageResult<Entry> list(String prefix, String contains, int offset, int limit) {
        return list(prefix, contains, offset, limit, Long.MAX_VALUE);
    }

    @Override
    public PageResult<Entry> list(String prefix, String contains, int offset, int limit, long countLimit) {
        if (!touchesRows(prefix) || store.get(SETS).isEmpty()) {
            return countLimit == Long.MAX_VALUE ? store.list(prefix, contains, offset, limit)
                    : store.list(prefix, contains, offset, limit, countLimit);
        }
        return store.inTransaction(raw -> {
            Tx tx = new Tx(raw);
            return tx.merged(tx.setsUnder(prefix, true), prefix, contains, offset, limit, countLimit,
                    (want, limitOfCount) -> limitOfCount == Long.MAX_VALUE ? store.list(prefix, contains, 0, want)
                            : store.list(prefix, contains, 0, want, limitOfCount));
        });
    }

    @Override
    public long count(String prefix) {
        if (!touchesRows(prefix) || store.get(SETS).isEmpty()) {
            return store.count(prefix);
        }
        return inTransaction(tx -> tx.count(prefix));
    }

    @Override
    public void forEach(String prefix, BiConsumer<String, String> action) {
        if (!touchesRows(prefix) || store.get(SETS).isEmpty()) {
            store.forEach(prefix, action);
            return;
        }
        inTransaction(tx -> {
            tx.forEach(prefix, action);
            return null;
        });
    }
}
