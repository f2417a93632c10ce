package io.smarthost.ui.testing;

import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;

/**
 * The two customers the panel tests check ownership with: alice with {@code alice.example}, bob with
 * {@code bob.example}, and an API client for each and for the admin.
 */
public record TwoCustomers(PanelClient admin, PanelClient alice, PanelClient bob) {

    /** Creates the customers and their domains in {@code panel}, alice's with the alias {@code alias-alice.example}. */
    public static TwoCustomers in(TestPanel panel) {
        createDomains(panel, "alias-alice.example");
        return new TwoCustomers(panel.api(panel.apiKey("admin")), panel.api(panel.apiKey("alice")),
                panel.api(panel.apiKey("bob")));
    }

    /** Creates alice and bob and their domains, {@code alice.example} with {@code aliceAliases}. */
    public static void createDomains(TestPanel panel, String... aliceAliases) {
        panel.createCustomer("alice");
        panel.createCustomer("bob");
        panel.createDomain("alice.example", "alice", aliceAliases);
        panel.createDomain("bob.example", "bob");
    }
}
