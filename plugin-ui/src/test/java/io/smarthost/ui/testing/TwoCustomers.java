package io.smarthost.ui.testing;

import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;

/**
 * The two customers the panel tests check ownership with: alice with {@code alice.example} (and its alias
 * {@code alias-alice.example}), bob with {@code bob.example}, and an API client for each and for the admin.
 */
public record TwoCustomers(PanelClient admin, PanelClient alice, PanelClient bob) {

    /** Creates the customers and their domains in {@code panel}. */
    public static TwoCustomers in(TestPanel panel) {
        panel.createCustomer("alice");
        panel.createCustomer("bob");
        panel.createDomain("alice.example", "alice", "alias-alice.example");
        panel.createDomain("bob.example", "bob");
        return new TwoCustomers(panel.api(panel.apiKey("admin")), panel.api(panel.apiKey("alice")),
                panel.api(panel.apiKey("bob")));
    }
}
