package io.smarthost.postfix.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;

/**
 * A self-contained Postfix configuration folder that never touches {@code /etc/postfix}: queue, data
 * and log inside the folder, loopback only, no local delivery. The panel's default (sandbox)
 * configuration folder is created like this; throwaway test instances add an SMTP listener.
 */
public final class SandboxConfig {

    private SandboxConfig() {
    }

    /** Creates main.cf and master.cf (and the queue folder) unless main.cf exists already. */
    public static boolean ensure(Path dir, OptionalInt smtpPort) throws IOException {
        if (Files.exists(dir.resolve("main.cf"))) {
            return false;
        }
        write(dir, smtpPort);
        return true;
    }

    public static void write(Path dir, OptionalInt smtpPort) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        Files.createDirectories(base.resolve("spool"));
        Files.createDirectories(base.resolve("log"));
        // master.lock: Permission denied when a parent is 0700 (as JUnit's @TempDir is): open up the
        // folders we own, and parents inside the temp folder only (never e.g. /root)
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path p = base.getParent(); p != null && p.startsWith(tmp) && !p.equals(tmp); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (String sub : new String[] {"spool", "log"}) {
            Files.setPosixFilePermissions(base.resolve(sub), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(base.resolve("main.cf"), mainCf(base));
        Files.writeString(base.resolve("master.cf"), masterCf(smtpPort));
        Files.setLastModifiedTime(base.resolve("main.cf"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(10)));
    }

    static String mainCf(Path base) {
        return """
                # Sandbox Postfix configuration created by the panel (not the machine's /etc/postfix)
                compatibility_level = 3.6
                queue_directory = %1$s/spool
                data_directory = %1$s/data
                maillog_file = %1$s/log/maillog
                maillog_file_prefixes = %1$s/log
                myhostname = pfx-test.localdomain
                mydestination =
                local_recipient_maps =
                alias_maps =
                alias_database =
                inet_interfaces = loopback-only
                inet_protocols = ipv4
                mynetworks = 127.0.0.0/8
                smtpd_relay_restrictions = permit_mynetworks, reject
                smtp_dns_support_level = disabled
                smtp_host_lookup = native
                service_throttle_time = 2s
                """.formatted(base);
    }

    static String masterCf(OptionalInt smtpPort) {
        String listener = smtpPort.isPresent()
                ? "127.0.0.1:" + smtpPort.getAsInt() + " inet n - n - - smtpd\n" : "";
        return "# Sandbox master.cf: Debian's services, none chrooted\n" + listener + """
                pickup    unix  n       -       n       60      1       pickup
                cleanup   unix  n       -       n       -       0       cleanup
                qmgr      unix  n       -       n       300     1       qmgr
                tlsmgr    unix  -       -       n       1000?   1       tlsmgr
                rewrite   unix  -       -       n       -       -       trivial-rewrite
                bounce    unix  -       -       n       -       0       bounce
                defer     unix  -       -       n       -       0       bounce
                trace     unix  -       -       n       -       0       bounce
                verify    unix  -       -       n       -       1       verify
                flush     unix  n       -       n       1000?   0       flush
                proxymap  unix  -       -       n       -       -       proxymap
                proxywrite unix -       -       n       -       1       proxymap
                smtp      unix  -       -       n       -       -       smtp
                relay     unix  -       -       n       -       -       smtp
                        -o syslog_name=postfix/$service_name
                showq     unix  n       -       n       -       -       showq
                error     unix  -       -       n       -       -       error
                retry     unix  -       -       n       -       -       error
                discard   unix  -       -       n       -       -       discard
                local     unix  -       n       n       -       -       local
                virtual   unix  -       n       n       -       -       virtual
                lmtp      unix  -       -       n       -       -       lmtp
                anvil     unix  -       -       n       -       1       anvil
                scache    unix  -       -       n       -       1       scache
                postlog   unix-dgram n  -       n       -       1       postlogd
                """;
    }
}
