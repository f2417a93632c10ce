package io.smarthost.panel.host;

import io.smarthost.panel.host.cli.PanelCli;
import io.smarthost.panel.host.extensions.ControlFile;
import io.smarthost.panel.host.home.CliLock;
import io.smarthost.panel.host.home.HomeLaunch;
import io.smarthost.panel.host.home.LauncherPlugin;
import io.smarthost.panel.host.ini.IniFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point: {@code start [--home DIR] [--port N]} runs the panel in the foreground;
 * {@code bin [--home DIR] [--verbose] UTILITY ...} runs one CLI utility against the same home (whether
 * or not the server runs) and exits with its code.
 *
 * <p>Before anything is created: the arguments are checked, the home must be writable, and for
 * {@code start} the web port is taken (held until the web server binds it). A failure is one line and
 * a non-zero exit (2 bad arguments, 1 otherwise). A run that creates the home and then fails takes back
 * what it created ({@link HomeLaunch#discard()}): no home, no accounts, no spent admin password.
 *
 * <p>Library log lines stay off a {@code bin} run's standard error unless {@code --verbose} (or
 * {@code -verbose} anywhere among its words); the server logs them.
 */
public final class PanelMain {

    static final String USAGE = "usage: panel start [--home DIR] [--port N] | panel bin [--home DIR] [--verbose] UTILITY "
            + "--command ... (panel bin --help lists the utilities)";

    private PanelMain() {
    }

    /** The launcher's words, checked. */
    record Arguments(String mode, Path home, Optional<Integer> port, boolean verbose, List<String> rest) {

        /** @throws IllegalArgumentException with one sentence */
        static Arguments parse(List<String> argv) {
            List<String> words = new ArrayList<>(argv);
            if (words.isEmpty() || !(words.get(0).equals("start") || words.get(0).equals("bin"))) {
                throw new IllegalArgumentException(USAGE);
            }
            String mode = words.remove(0);
            Path home = Path.of(Optional.ofNullable(System.getenv("PANEL_HOME")).filter(s -> !s.isBlank()).orElse("panel-home"));
            Optional<Integer> port = Optional.empty();
            boolean verbose = false;
            while (!words.isEmpty() && words.get(0).startsWith("-")) {
                String option = words.remove(0);
                if (option.equals("--verbose") || option.equals("-verbose")) {
                    verbose = true;
                    continue;
                }
                if (!option.equals("--home") && !option.equals("--port")) {
                    if (mode.equals("bin") && (option.equals("--help") || option.equals("-h") || option.equals("-help"))) {
                        words.add(0, option);
                        break;
                    }
                    String guess = io.smarthost.panel.api.CliSuggest.didYouMean(option.replaceFirst("^--?", ""),
                            java.util.List.of("home", "port", "verbose"), "--");
                    throw new IllegalArgumentException(mode.equals("bin")
                            ? "panel bin: unknown option '" + option + "'" + guess + "; before the utility: --home DIR, --port N, --verbose"
                            : "panel start: unknown option '" + option + "'" + guess + "; use --home DIR, --port N");
                }
                String value = words.isEmpty() || words.get(0).startsWith("--") ? null : words.remove(0);
                if (value == null || value.isBlank()) {
                    throw new IllegalArgumentException(option + " needs a value, e.g. " + option
                            + (option.equals("--home") ? " /srv/panel-home" : " 8880"));
                }
                if (option.equals("--home")) {
                    home = Path.of(value);
                } else {
                    port = Optional.of(port(value));
                }
            }
            if (mode.equals("bin") && (words.contains("--home") || words.contains("--port"))) {
                throw new IllegalArgumentException("panel bin: --home and --port go right after bin, before the utility: "
                        + "panel bin --home DIR UTILITY --command ...");
            }
            if (mode.equals("start") && !words.isEmpty()) {
                throw new IllegalArgumentException("panel start: unexpected '" + words.get(0) + "' (use --home DIR, --port N)");
            }
            // -verbose is never an option's value (CliArgs reads a word with a dash as an option): take it out anywhere
            if (words.removeIf(w -> w.equals("-verbose") || w.equals("--verbose"))) {
                verbose = true;
            }
            return new Arguments(mode, home, port, verbose, List.copyOf(words));
        }

        private static int port(String value) {
            try {
                int port = Integer.parseInt(value.strip());
                if (port >= 1 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("--port must be a number from 1 to 65535, not '" + value + "'");
        }
    }

    /** What {@code --help} prints: the two modes and their options. */
    static final String HELP = """
            usage: panel start [--home DIR] [--port N]
                   panel bin [--home DIR] [--verbose] UTILITY --command [VALUE] [-option value ...]

              start       runs the panel in the foreground (Ctrl+C stops it); the home is made on first start
                          --home DIR   the panel's home (default: $PANEL_HOME, else ./panel-home)
                          --port N     the web port (default: [web] port in panel.ini, else 8880)
              bin         runs one CLI utility against the same home, whether or not the panel runs
                          --verbose    library log lines on standard error
                          panel bin --help lists the utilities, panel bin UTILITY --help their commands

            Exit codes: 0 done (and asking for help), 1 failed, 2 bad arguments.""";

    /** Whether {@code argv} asks for the launcher's own help: {@code --help}, {@code -h} or {@code help} first, or start's. */
    static boolean launcherHelp(List<String> argv) {
        java.util.Set<String> help = java.util.Set.of("--help", "-h", "-help");
        if (argv.isEmpty()) {
            return false;
        }
        return help.contains(argv.get(0)) || argv.get(0).equals("help")
                || argv.get(0).equals("start") && argv.stream().skip(1).anyMatch(help::contains);
    }

    public static void main(String[] argv) throws InterruptedException {
        if (launcherHelp(List.of(argv))) {
            // asking for help is not an error: standard output, exit 0 (panel bin --help lists the utilities)
            System.out.println(HELP);
            System.exit(0);
            return;
        }
        Arguments args;
        try {
            args = Arguments.parse(List.of(argv));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        quietLogging(args.mode().equals("start") ? "info" : args.verbose() ? "info" : "off", args.verbose()
                || args.mode().equals("start"));
        if (args.mode().equals("bin") && !args.verbose()) {
            cliWarnings(args.rest());
        }
        if (args.mode().equals("bin") && args.rest().isEmpty()) {
            System.err.println(USAGE);
            System.exit(2);
        }
        HomeLaunch launch;
        try {
            launch = HomeLaunch.inspect(args.home());
        } catch (IllegalStateException e) {
            System.err.println("panel " + args.mode() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        PanelOptions options = PanelOptions.of(args.home());
        if (args.port().isPresent()) {
            options = options.withPort(args.port().get());
        }
        System.exit(args.mode().equals("bin") ? bin(args, launch, options) : start(args, launch, options));
    }

    private static int bin(Arguments args, HomeLaunch launch, PanelOptions options) {
        // a word Java could not decode in this locale's character set (LC_ALL=C and a name typed in Unicode) is
        // refused: it was saved with U+FFFD in it (a relay login); ./panel runs Java in C.UTF-8 for that reason
        for (int i = 0; i < args.rest().size(); i++) {
            if (args.rest().get(i).indexOf('\uFFFD') >= 0) {
                System.err.println("panel bin: word " + (i + 1) + " of the command is not text in this locale's character"
                        + " set (" + System.getProperty("sun.jnu.encoding") + "); run it in a UTF-8 locale, e.g."
                        + " LC_ALL=C.UTF-8 (the ./panel launcher does)");
                return 2;
            }
        }
        boolean help = PanelCli.helpRequest(args.rest());
        if (help && !launch.folderExisted()) {
            // the help needs no panel home (the launcher's default one may not exist yet): a throwaway one lists the
            // utilities, the launcher's plugin included, and goes with the run
            Path scratch;
            try {
                scratch = Files.createTempDirectory("panel-help-");
                Files.createDirectory(scratch.resolve("home"));
            } catch (IOException e) {
                return failed("bin", args, "cannot make a temporary folder for the help", e);
            }
            try {
                return bin(args, HomeLaunch.inspect(scratch.resolve("home")), PanelOptions.of(scratch.resolve("home")));
            } finally {
                try (java.util.stream.Stream<Path> all = Files.walk(scratch)) {
                    for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException ignored) {
                    // a temporary folder left behind is the system's to clean
                }
            }
        }
        if (!launch.folderExisted()) {
            // a home mistyped in a script made a new panel (an admin, the demo customer), ran the command on it and
            // said "Applied" (a hostile tester): a utility runs on a panel that exists, or in a folder made for it
            System.err.println("panel bin: there is no panel home at " + launch.home().root() + " (no such folder);"
                    + " check the path, or create the home with ./panel start --home " + launch.home().root());
            return 1;
        }
        // a run that creates the home prints the admin password only if the home is kept (the run succeeded)
        ByteArrayOutputStream firstRun = new ByteArrayOutputStream();
        PrintStream console = launch.fresh() ? new PrintStream(firstRun, true, StandardCharsets.UTF_8) : System.err;
        int code;
        Panel panel;
        CliLock lock = null;
        try {
            lock = cliLock(args, launch);
            if (launch.fresh()) {
                pluginFromLauncher(launch, console);
            }
            panel = Panel.open(options, console);
        } catch (RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            launch.discard();
            return failed("bin", args, "cannot open the panel at " + launch.home().root(), e);
        }
        try {
            code = new PanelCli(panel).run(args.rest(), System.in, System.out, System.err);
        } finally {
            closeQuietly(panel, args);
            if (lock != null) {
                lock.close();
            }
        }
        if (launch.fresh() && (code != 0 || help)) {
            launch.discard();
        } else if (launch.fresh()) {
            System.err.print(firstRun.toString(StandardCharsets.UTF_8));
        }
        return code;
    }

    private static int start(Arguments args, HomeLaunch launch, PanelOptions options) throws InterruptedException {
        IniFile ini = IniFile.read(launch.home().ini());
        String bind = ini.get("web", "bind").filter(s -> !s.isBlank()).orElse("127.0.0.1");
        int port = args.port().orElseGet(() -> ini.get("web", "port").map(PanelMain::intOrDefault).orElse(8880));
        Optional<String> running = runningServer(launch);
        if (running.isPresent()) {
            System.err.println("panel start: a panel already runs on the home " + launch.home().root() + " at "
                    + running.get() + "; stop it first (Ctrl+C where it runs)");
            return 1;
        }
        ServerSocket reserved;
        try {
            reserved = reserve(bind, port);
        } catch (IOException e) {
            System.err.println("panel start: cannot listen on " + bind + ":" + port + " (" + e.getMessage() + "): "
                    + "another program (another panel?) uses it; choose another with --port N or [web] port in panel.ini");
            return 1;
        }
        org.slf4j.LoggerFactory.getLogger(PanelMain.class).info("launch mechanism of the programs the panel starts: {}",
                ProcessLaunch.current());
        ProcessLaunch.warning(System.getProperties()).ifPresent(org.slf4j.LoggerFactory.getLogger(PanelMain.class)::warn);
        Panel panel;
        try {
            pluginFromLauncher(launch, System.out);
            // port 0 (panel.ini): the free port just taken
            panel = Panel.open(options.withPort(reserved.getLocalPort()), System.out);
        } catch (RuntimeException e) {
            closeQuietly(reserved);
            launch.discard();
            return failed("start", args, "cannot open the panel at " + launch.home().root(), e);
        }
        String url;
        try {
            closeQuietly(reserved);
            url = panel.startWeb().baseUrl();
        } catch (RuntimeException e) {
            panel.close();
            launch.discard();
            return failed("start", args, "cannot start", e);
        }
        panel.announceStarted(Optional.empty());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            panel.close();
            stopped.countDown();
        }, "panel-shutdown"));
        System.out.println();
        System.out.println("Panel running at " + url + "/  (home: " + panel.home().root() + ")");
        System.out.println("Log in as 'admin' with the password printed on first start (or PANEL_ADMIN_PASSWORD);");
        System.out.println("change or reset it with: ./panel bin user --set-password admin -password-stdin");
        System.out.println("Press Ctrl+C to stop.");
        stopped.await();
        return 0;
    }

    private static int intOrDefault(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            return port >= 0 && port <= 65_535 ? port : 8880;
        } catch (NumberFormatException e) {
            return 8880; // panel.ini's own check reports it, and the panel uses the default
        }
    }

    /** The URL of a server already serving this home (its control file, and its port answers). */
    /**
     * The home's {@link CliLock} for this run, or null: not needed while a panel server holds the database, with a
     * database server ({@code [database] url}), or on a home this run creates (no other run can know it yet).
     */
    private static CliLock cliLock(Arguments args, HomeLaunch launch) {
        if (launch.fresh() || !Files.isDirectory(launch.home().data())
                || !IniFile.read(launch.home().ini()).get("database", "url").map(String::isBlank).orElse(true)
                || runningServer(launch).isPresent()) {
            return null;
        }
        List<String> rest = args.rest();
        String what = rest.get(0) + (rest.size() > 1 && rest.get(1).startsWith("-") ? " " + rest.get(1).split("=", 2)[0] : "");
        return CliLock.tryAcquire(launch.home().data(), what.replaceAll("[^\\w .-]", "?"), CliLock.DEFAULT_WAIT, System.err)
                .orElse(null);
    }

    private static Optional<String> runningServer(HomeLaunch launch) {
        return ControlFile.read(launch.home().data()).map(ControlFile::url)
                .filter(url -> {
                    java.net.URI uri = java.net.URI.create(url);
                    try (java.net.Socket s = new java.net.Socket()) {
                        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
                        return true;
                    } catch (IOException | IllegalArgumentException stale) {
                        return false; // a control file left by a server that died
                    }
                });
    }

    /** Takes the port now, before the home or any account is made; the web server binds it after release. */
    private static ServerSocket reserve(String bind, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static void pluginFromLauncher(HomeLaunch launch, PrintStream console) {
        String zip = System.getenv("PANEL_PLUGIN_FILE");
        if (zip != null && !zip.isBlank() && Files.isRegularFile(Path.of(zip))) {
            LauncherPlugin.install(launch.home(), Path.of(zip)).ifPresent(console::println);
        }
    }

    /** One line (the causes' messages joined); the stack trace only with --verbose. */
    private static int failed(String mode, Arguments args, String what, Throwable e) {
        if (e instanceof io.smarthost.panel.host.db.DatabaseConfigException database) {
            // a database that cannot be used ([database] url, login, server down): its own line names the setting
            System.err.println("panel " + mode + ": " + database.getMessage());
            if (args.verbose()) {
                e.printStackTrace();
            }
            return 1;
        }
        StringBuilder line = new StringBuilder("panel " + mode + ": " + what);
        String last = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && (last == null || !last.contains(m))) {
                line.append(": ").append(m.strip().replace('\n', ' '));
                last = m;
            }
        }
        System.err.println(line);
        if (args.verbose()) {
            e.printStackTrace();
        }
        return 1;
    }

    private static void closeQuietly(AutoCloseable closeable, Arguments args) {
        try {
            closeable.close();
        } catch (Exception | LinkageError e) {
            // the command's answer stands; closing is this process's own business
            if (args.verbose()) {
                e.printStackTrace();
            }
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing was bound
        }
    }

    /**
     * A quiet {@code panel bin}'s warnings (panel.ini's problems, a plugin refused) as plain lines ({@code WARN panel.ini:3:
     * ...}), without a server log's time, thread and class; {@code settings --reload-ini} lists panel.ini's
     * problems itself, so the opening's warning of each is not printed before that list.
     */
    private static void cliWarnings(List<String> command) {
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "false");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "false");
        if (command.size() >= 2 && command.get(0).equals("settings") && command.contains("--reload-ini")) {
            System.setProperty("org.slf4j.simpleLogger.log." + io.smarthost.panel.host.ini.LivePanelIni.class.getName(), "error");
        }
    }

    /**
     * SLF4J's simple logger at {@code level} with dates; the libraries' own java.util.logging lines
     * (Hibernate Validator's version banner) only when {@code libraries}.
     */
    private static void quietLogging(String level, boolean libraries) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        }
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss");
        if (level.equals("off")) {
            // the panel's own warnings (a plugin refused, ...) still reach a quiet CLI; the libraries' do not
            System.setProperty("org.slf4j.simpleLogger.log.io.smarthost", "warn");
        } else {
            System.setProperty("org.slf4j.simpleLogger.log.org.glassfish", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.org.pf4j", "warn");
            // the pool's stack trace when the database cannot be reached at start would bury failed()'s one
            // line; failures while running reach the log as the requests' 503 entries
            System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "off");
            System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        }
        if (!libraries) {
            java.util.logging.LogManager.getLogManager().reset();
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
        }
    }
}
