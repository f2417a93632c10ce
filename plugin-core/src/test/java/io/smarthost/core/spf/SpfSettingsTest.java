package io.smarthost.core.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.testkit.MapPanelIni;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpfSettingsTest {

    @Test
    void usesTheSystemResolverAndThreeSecondsByDefault() {
        SpfSettings s = SpfSettings.fromIni(new MapPanelIni());

        assertEquals(Optional.empty(), s.resolver());
        assertEquals(Duration.ofMillis(3000), s.timeout());
    }

    @Test
    void readsResolverAndTimeoutFromMailSection() {
        SpfSettings s = SpfSettings.fromIni(new MapPanelIni()
                .set("mail", "smarthost.spf.resolver", " 127.0.0.1:5353 ")
                .set("mail", "smarthost.spf.timeout_ms", "750"));

        assertEquals(InetSocketAddress.createUnresolved("127.0.0.1", 5353), s.resolver().orElseThrow());
        assertEquals(Duration.ofMillis(750), s.timeout());
    }

    @Test
    void keepsTheDefaultTimeoutWhenTheValueIsOutOfRange() {
        MapPanelIni ini = new MapPanelIni().set("mail", "smarthost.spf.timeout_ms", "5");

        assertEquals(Duration.ofMillis(3000), SpfSettings.fromIni(ini).timeout());
        assertEquals(1, ini.problems().size());
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,127.0.0.1,53", "127.0.0.1:5353,127.0.0.1,5353", "ns1.example.com,ns1.example.com,53",
            "[::1]:5300,::1,5300", "[2001:db8::53],2001:db8::53,53", "2001:db8::53,2001:db8::53,53"})
    void parsesResolverForms(String value, String host, int port) {
        InetSocketAddress a = SpfSettings.parseResolver(value);

        assertEquals(host, a.getHostString());
        assertEquals(port, a.getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:0", "127.0.0.1:70000", "host name", "udp://1.1.1.1", "1.1.1.1:53x", "[::1"})
    void rejectsResolverThatIsNotHostPort(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpfSettings.fromIni(new MapPanelIni().set("mail", "smarthost.spf.resolver", value)));

        assertTrue(e.getMessage().startsWith("panel.ini [mail] smarthost.spf.resolver: \"" + value + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("allowed:"), e.getMessage());
    }
}
