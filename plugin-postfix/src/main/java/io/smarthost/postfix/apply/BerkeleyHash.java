package io.smarthost.postfix.apply;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Changes entries of a Postfix {@code hash:} table in this process, writing the bytes {@code postmap -i -r} and
 * {@code postmap -d} would write, through the same Berkeley DB library and under the same lock.
 *
 * <p>Why: a one-domain change updates three tables; three {@code postmap} processes cost about 8 ms each on the test
 * machine, of which the table work is about 1 ms (the rest is starting a program that loads a dozen libraries and
 * reads main.cf). Here the three take about 3 ms.
 *
 * <p>What makes it the same as {@code postmap}: Berkeley DB's own Java binding (Debian's {@code libdb5.3-java}, its
 * native part checks at load that it is the library version the classes were built for), the hash type, keys folded
 * to lower case, a NUL after each key and value (what Postfix writes on Linux), a delete that removes the key with
 * and without its NUL, and an exclusive {@code flock(2)} on the {@code .db} held around the whole change, the lock
 * Postfix's readers and {@code postmap} take (seen with strace: {@code flock(fd, LOCK_EX)} on its own descriptor of
 * the file; Java's {@code FileChannel.lock} would take an fcntl lock, which flock does not see), then a sync.
 *
 * <p>When it is not used: the binding or its native library is missing or refuses to load (the panel then runs
 * {@code postmap}, as before), the table has no {@code .db} yet ({@code postmap -i} creates it with Postfix's own
 * settings), or an entry is not plain printable ASCII without outer spaces (Postfix folds and checks UTF-8 keys its
 * own way; {@code postmap} decides for those), or the Postfix in use does not link the binding's Berkeley DB version
 * ({@link #forPostmap}). Set {@code -Dsmarthost.postfix.inProcessMaps=false} to always run {@code postmap}.
 */
final class BerkeleyHash {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BerkeleyHash.class);

    /** Where Debian's libdb5.3-java puts the binding; {@code -Dsmarthost.postfix.dbJar=PATH} for another place. */
    static final Path DEFAULT_JAR = Path.of("/usr/share/java/db.jar");

    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;
    private static final int EWOULDBLOCK = 11;

    private static volatile Object loaded; // a BerkeleyHash, or the String saying why none

    /** libc's open, flock and close: JNA's {@code Native.load("c")}. */
    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int flock(int fd, int operation) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final LibC libc;
    private final Constructor<?> newConfig;
    private final Method setType;
    private final Object hashType;
    private final Constructor<?> newDatabase;
    private final Constructor<?> newEntry;
    private final Method put;
    private final Method delete;
    private final Method sync;
    private final Method close;
    /** The binding's Berkeley DB version, {@code 5.3}. */
    final String version;

    private BerkeleyHash(LibC libc, ClassLoader loader) throws ReflectiveOperationException {
        this.libc = libc;
        Class<?> config = loader.loadClass("com.sleepycat.db.DatabaseConfig");
        Class<?> type = loader.loadClass("com.sleepycat.db.DatabaseType");
        Class<?> database = loader.loadClass("com.sleepycat.db.Database");
        Class<?> entry = loader.loadClass("com.sleepycat.db.DatabaseEntry");
        Class<?> txn = loader.loadClass("com.sleepycat.db.Transaction");
        newConfig = config.getConstructor();
        setType = config.getMethod("setType", type);
        hashType = type.getField("HASH").get(null);
        newDatabase = database.getConstructor(String.class, String.class, config);
        newEntry = entry.getConstructor(byte[].class);
        put = database.getMethod("put", txn, entry, entry);
        delete = database.getMethod("delete", txn, entry);
        sync = database.getMethod("sync");
        close = database.getMethod("close", boolean.class);
        Class<?> constants = loader.loadClass("com.sleepycat.db.internal.DbConstants");
        version = constants.getField("DB_VERSION_MAJOR").get(null) + "." + constants.getField("DB_VERSION_MINOR").get(null);
    }

    private static final Map<Path, Optional<String>> POSTMAPS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The writer for the tables of the Postfix whose programs are in {@code commandDir}, or empty (then {@link
     * #unavailable(Path)} says why): the binding loads, and that Postfix's {@code postmap} (or the util library it
     * loads, {@code /usr/lib/postfix/libpostfix-util.so} on Debian) links the Berkeley DB version of the binding.
     * {@code -Dsmarthost.postfix.inProcessMaps=false}, read at each call, turns it off.
     */
    static Optional<BerkeleyHash> forPostmap(Path commandDir) {
        return unavailable(commandDir).isEmpty() ? system() : Optional.empty();
    }

    /** Why {@link #forPostmap} is empty, if it is. */
    static Optional<String> unavailable(Path commandDir) {
        if ("false".equalsIgnoreCase(System.getProperty("smarthost.postfix.inProcessMaps"))) {
            return Optional.of("turned off (smarthost.postfix.inProcessMaps=false)");
        }
        Optional<String> binding = unavailable();
        if (binding.isPresent()) {
            return binding;
        }
        return POSTMAPS.computeIfAbsent(commandDir.toAbsolutePath().normalize(), dir -> {
            String wanted = "libdb-" + ((BerkeleyHash) loaded).version + ".so";
            String postmap = strings(dir.resolve("postmap"));
            // Debian's postmap loads Berkeley DB through Postfix's util library, which its run path finds here
            if (postmap.contains(wanted) || postmap.contains("libpostfix-util.so") && postmap.contains("/usr/lib/postfix")
                    && strings(Path.of("/usr/lib/postfix/libpostfix-util.so")).contains(wanted)) {
                return Optional.empty();
            }
            String why = dir.resolve("postmap") + " does not link " + wanted + ", the library of the binding";
            LOG.info("Postfix tables are updated with postmap: {}", why);
            return Optional.of(why);
        });
    }

    /** A program's bytes as text, to find the names of the libraries it links; "" when unreadable or huge. */
    private static String strings(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) < 64 << 20) {
                return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            }
        } catch (java.io.IOException e) {
            // not proven: postmap it is
        }
        return "";
    }

    /** The binding of this process, or empty (then {@link #unavailable()} says why). Loaded once. */
    static Optional<BerkeleyHash> system() {
        Object l = loaded;
        if (l == null) {
            synchronized (BerkeleyHash.class) {
                l = loaded;
                if (l == null) {
                    l = load();
                    loaded = l;
                    if (l instanceof String why) {
                        if (why.contains("already loaded in another classloader")) {
                            // the plugin was replaced while the panel ran: the JVM keeps the native library of the old one
                            LOG.warn("Postfix tables are updated with postmap until the panel restarts: {}", why);
                        } else {
                            LOG.info("Postfix tables are updated with postmap: {}", why);
                        }
                    }
                }
            }
        }
        return l instanceof BerkeleyHash b ? Optional.of(b) : Optional.empty();
    }

    /** Why {@link #system()} is empty, if it is. */
    static Optional<String> unavailable() {
        system();
        return loaded instanceof String why ? Optional.of(why) : Optional.empty();
    }

    private static Object load() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return "not Linux";
        }
        Path jar = Path.of(System.getProperty("smarthost.postfix.dbJar", DEFAULT_JAR.toString()));
        if (!Files.isReadable(jar)) {
            return "no Berkeley DB Java binding at " + jar + " (apt-get install libdb5.3-java libdb5.3-java-jni)";
        }
        try {
            URLClassLoader loader = new URLClassLoader("berkeley-db", new URL[] {jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            BerkeleyHash hash = new BerkeleyHash(Native.load("c", LibC.class), loader);
            // load the native part now (it checks the library's version against its classes), not during an apply
            Class.forName("com.sleepycat.db.internal.db_javaJNI", true, loader);
            return hash;
        } catch (Throwable e) { // LinkageError from the native parts, or a binding of another shape
            return "cannot load the Berkeley DB binding " + jar + ": " + e;
        }
    }

    /**
     * Whether every change can be written here byte for byte as {@code postmap} would: keys of printable ASCII
     * without spaces and not a comment, values of printable ASCII, not empty, without outer spaces (postmap trims
     * them); {@code null} values are deletes.
     */
    static boolean writable(Map<String, String> changes) {
        for (Map.Entry<String, String> e : changes.entrySet()) {
            String key = e.getKey();
            if (key.isEmpty() || key.charAt(0) == '#' || !printable(key, false)) {
                return false;
            }
            String value = e.getValue();
            if (value != null && (value.isEmpty() || value.charAt(0) == ' '
                    || value.charAt(value.length() - 1) == ' ' || !printable(value, true))) {
                return false;
            }
        }
        return true;
    }

    private static boolean printable(String s, boolean spaces) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7e || c < 0x20 || (c == ' ' && !spaces)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Applies the changes to the table's {@code db} file ({@code null} value: delete), under an exclusive flock taken
     * within {@code lockWait}. Only for {@link #writable} changes.
     *
     * @throws java.io.IOException the table is locked longer than that, missing, or Berkeley DB refused it; the
     *                             caller runs {@code postmap} then, which puts every given entry right
     */
    void update(Path db, Map<String, String> changes, Duration lockWait) throws java.io.IOException {
        int fd;
        try {
            fd = libc.open(db.toString(), O_RDWR | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new java.io.IOException("open " + db + ": errno " + e.getErrorCode());
        }
        try {
            lock(fd, db, lockWait);
            write(db, changes);
        } finally {
            // unlocked explicitly: a program started meanwhile may hold a copy of the descriptor until its exec; a
            // failure here must not hide the write's own outcome (closing releases the lock anyway)
            try {
                libc.flock(fd, LOCK_UN);
            } catch (LastErrorException e) {
                LOG.warn("unlock {}: errno {}", db, e.getErrorCode());
            }
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                LOG.warn("close {}: errno {}", db, e.getErrorCode());
            }
        }
    }

    private void lock(int fd, Path db, Duration wait) throws java.io.IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                libc.flock(fd, LOCK_EX | LOCK_NB);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EWOULDBLOCK) {
                    throw new java.io.IOException("flock " + db + ": errno " + e.getErrorCode());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new java.io.IOException(db + " is locked by another process (held more than " + wait + ")");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.IOException("interrupted while waiting for the lock of " + db);
            }
        }
    }

    private void write(Path db, Map<String, String> changes) throws java.io.IOException {
        try {
            Object config = newConfig.newInstance();
            setType.invoke(config, hashType);
            Object database = newDatabase.newInstance(db.toString(), null, config);
            boolean synced = false;
            try {
                for (Map.Entry<String, String> e : changes.entrySet()) {
                    String key = e.getKey().toLowerCase(Locale.ROOT);
                    if (e.getValue() == null) {
                        delete.invoke(database, null, entry(key, true));
                        delete.invoke(database, null, entry(key, false));
                    } else {
                        put.invoke(database, null, entry(key, true), entry(e.getValue(), true));
                    }
                }
                sync.invoke(database);
                synced = true;
            } finally {
                // once synced, closing need not flush again (Berkeley DB's close would sync the file a second time,
                // as strace showed: one fdatasync less per table); after a failure it flushes what it holds
                close.invoke(database, synced);
            }
        } catch (InvocationTargetException e) {
            throw new java.io.IOException("Berkeley DB, " + db + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new java.io.IOException("Berkeley DB binding, " + db + ": " + e, e);
        }
    }

    private Object entry(String s, boolean nul) throws ReflectiveOperationException {
        byte[] text = s.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = nul ? java.util.Arrays.copyOf(text, text.length + 1) : text;
        return newEntry.newInstance((Object) bytes);
    }
}
