package io.smarthost.panel.host.home;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The panel's home folder: {@code panel.ini}, {@code plugins/}, {@code data/} and the sandbox mail
 * configuration {@code mail-sandbox/postfix/} (a Debian-like main.cf and master.cf), created when
 * missing. Existing files are never overwritten.
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

    /** Creates what is missing; returns whether panel.ini had to be created (a first run). */
    public boolean ensure() {
        try {
            Files.createDirectories(plugins());
            Files.createDirectories(data());
            Path postfix = Files.createDirectories(mailSandbox().resolve("postfix"));
            // main.cf keeps the sandbox's queue and log here (never /var/spool/postfix); Postfix
            // refuses to run when the queue folder is missing, and creates data/ itself
            Files.createDirectories(postfix.resolve("spool"));
            Files.createDirectories(postfix.resolve("log"));
            copyIfMissing("main.cf", postfix.resolve("main.cf"));
            copyIfMissing("master.cf", postfix.resolve("master.cf"));
            return copyIfMissing("panel.ini", ini());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the panel home " + root + ": " + e.getMessage(), e);
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
            Files.writeString(target, text);
        }
        return true;
    }
}
