package io.smarthost.postfix.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.testing.PostfixInstance;
import io.smarthost.postfix.testing.TestCertificates;
import io.smarthost.postfix.testing.TestRelay.Mode;
import io.smarthost.postfix.testing.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPv6 next-hops as Postfix 3.7 reads them: {@code [ipv6:::1]:port} in relayhost and in the
 * sender-dependent maps, delivered to a relay listening on ::1.
 */
class Ipv6RelayTest {

    @TempDir
    Path base;

    @Test
    void relaysToAnIpv6LiteralServerWideAndPerDomain() throws Exception {
        PostfixInstance postfix = PostfixInstance.create(base);
        Path mainCf = postfix.configDir().resolve("main.cf");
        Files.writeString(mainCf, Files.readString(mainCf).replace("inet_protocols = ipv4", "inet_protocols = all"));
        Files.setLastModifiedTime(mainCf, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        try (TestRelay server = TestRelay.start(Mode.STARTTLS, Map.of("v6-server", "pw1"), "::1", TestCertificates.selfSigned());
             TestRelay domain = TestRelay.start(Mode.IMPLICIT_TLS, Map.of("v6-domain", "pw2"), "::1", TestCertificates.selfSigned())) {
            postfix.start();
            try {
                PostfixMailBackend backend = new PostfixMailBackend(postfix.settings());
                InMemoryDesiredState state = new InMemoryDesiredState()
                        .server(InMemoryDesiredState.relay("::1", HostKind.IPV6, server.port(), false, Encryption.STARTTLS, false, "v6-server", "pw1"));
                backend.apply(state, ChangeSet.everything());
                assertTrue(Files.readString(mainCf).contains("relayhost = [ipv6:::1]:" + server.port()));
                state.domain("six.example", InMemoryDesiredState.relay("::1", HostKind.IPV6, domain.port(), false, Encryption.TLS, false, "v6-domain", "pw2"));
                backend.apply(state, ChangeSet.domains(Set.of("six.example")));

                postfix.send("a@other.example", "r@remote.example", "v6-server");
                postfix.send("a@six.example", "r@remote.example", "v6-domain");
                assertEquals(Optional.of("v6-server"), server.await("v6-server").login());
                assertEquals(Optional.of("v6-domain"), domain.await("v6-domain").login());
            } finally {
                System.out.println(postfix.maillog());
                postfix.stop();
            }
        }
    }
}
