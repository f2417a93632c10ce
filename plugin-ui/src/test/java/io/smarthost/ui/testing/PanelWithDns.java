package io.smarthost.ui.testing;

import io.smarthost.core.spf.TestDnsServer;
import io.smarthost.panel.host.testing.TestPanel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A real panel whose DNS checks (SPF, authentication records) ask a DNS server on 127.0.0.1, with the
 * customers alice ({@code alice.example}) and bob ({@code bob.example}).
 */
public final class PanelWithDns implements AutoCloseable {
    public final TestDnsServer dns;
    public final TestPanel panel;

    private PanelWithDns(TestDnsServer dns, TestPanel panel) {
        this.dns = dns;
        this.panel = panel;
    }

    public static PanelWithDns start(Path home) throws IOException {
        TestDnsServer dns = TestDnsServer.start();
        TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").ini("[mail]\nsmarthost.spf.resolver = 127.0.0.1:"
                + dns.address().getPort() + "\nsmarthost.spf.timeout_ms = 2000\n").start();
        TwoCustomers.createDomains(panel);
        return new PanelWithDns(dns, panel);
    }

    @Override
    public void close() throws IOException {
        panel.close();
        dns.close();
    }
}
