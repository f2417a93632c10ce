package io.smarthost.panel.host.home;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The panel's home folder: {@code panel.ini}, {@code plugins/}, {@code data/} and the sandbox mail
 * configuration {@code mail-sandbox/postfix/} (a Debian-like main.cf and master.cf), created when
 * missing. Existing files are never overwritten. The home (when we create it) and {@code data/} are
 * mode 0700 and {@code panel.ini} 0600: they hold the database, its password and the secret key.
 */
public record PanelHome(Path root) {

    public PanelHome {
        root = root.toAbsolutePath().normalize();
    }

    public Path ini() {
        return root.resolve("panel.ini");
    }

    public Path plugins() {
        return root.resolve("plugins");
    }

    public Path data() {
        return root.resolve("data");
    }

    public Path mailSandbox() {
        return root.resolve("mail-sandbox");
    }

    public Path secretKey() {
        return data().resolve("secret.key");
    }

    /** The embedded database's password (generated on first run). */
    public Path databasePassword() {
        return data().resolve("db.password");
    }

    /** Creates what is missing; returns whether panel.ini had to be created (a first run). */
    public boolean ensure() {
        try {
            createRoot();
            Files.createDirectories(plugins());
            privateFolder(data());
            Path postfix = Files.createDirectories(mailSandbox().resolve("postfix"));
            // main.cf keeps the sandbox's queue and log here (never /var/spool/postfix); Postfix
            // refuses to run when the queue folder is missing, and creates data/ itself
            Files.createDirectories(postfix.resolve("spool"));
            Files.createDirectories(postfix.resolve("log"));
            copyIfMissing("main.cf", postfix.resolve("main.cf"));
            copyIfMissing("master.cf", postfix.resolve("master.cf"));
            boolean created = copyIfMissing("panel.ini", ini());
            // [database] password may be in it
            PrivateFiles.restrict(ini());
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the panel home " + root + ": " + e.getMessage(), e);
        }
    }

    /** Creates the home folder itself (mode 0700) when missing, and its parents. */
    public void createRoot() throws IOException {
        if (Files.notExists(root)) {
            Files.createDirectories(root.getParent());
            privateFolder(root);
        }
    }

    /** Creates {@code folder} mode 0700, or makes an existing one 0700 (older homes had 0755). */
    private static void privateFolder(Path folder) throws IOException {
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PrivateFiles.OWNER_DIR));
            // the umask may have removed bits we asked for, never added any: set exactly
            Files.setPosixFilePermissions(folder, PrivateFiles.OWNER_DIR);
        } catch (FileAlreadyExistsException exists) {
            PrivateFiles.restrictFolder(folder);
        }
    }

    private boolean copyIfMissing(String template, Path target) throws IOException {
        if (Files.exists(target)) {
            return false;
        }
        try (InputStream in = PanelHome.class.getResourceAsStream("/home-template/" + template)) {
            if (in == null) {
                throw new IOException("home template " + template + " missing from the panel's class path");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("<home>", root.toString());
            if (target.equals(ini())) {
                Files.createFile(target, PosixFilePermissions.asFileAttribute(PrivateFiles.OWNER_FILE));
            }
            Files.writeString(target, text);
        }
        return true;
    }
}
