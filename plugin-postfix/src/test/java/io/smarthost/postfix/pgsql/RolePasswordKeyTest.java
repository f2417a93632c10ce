package io.smarthost.postfix.pgsql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.Secret;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node role's password is kept where no domain's secret can be: its earlier key was the secret key of a
 * domain named {@code nodes.role-password}.
 */
class RolePasswordKeyTest {
    @TempDir
    Path home;

    @Test
    void aNewPasswordIsKeptUnderAKeyNoDomainNameHasAndReadBackTheSame() {
        TestHostServices host = new TestHostServices(home);
        String made = host.store().inTransaction(PgsqlMode::storedRolePassword);
        assertEquals(32, made.length(), "24 random bytes, base64");
        assertEquals(made, host.store().inTransaction(tx -> tx.getSecret(PgsqlMode.ROLE_PASSWORD)).orElseThrow().reveal());
        assertEquals(made, host.store().inTransaction(PgsqlMode::storedRolePassword));
        assertTrue(host.store().inTransaction(tx -> tx.getSecret(PgsqlMode.ROLE_PASSWORD_BEFORE)).isEmpty());
    }

    @Test
    void thePasswordUnderTheEarlierKeyIsMovedOnce() {
        TestHostServices host = new TestHostServices(home);
        host.store().inTransaction(tx -> {
            tx.putSecret(PgsqlMode.ROLE_PASSWORD_BEFORE, Secret.of("role-pw-of-1.3"));
            return null;
        });
        assertEquals("role-pw-of-1.3", host.store().inTransaction(PgsqlMode::storedRolePassword));
        assertTrue(host.store().inTransaction(tx -> tx.getSecret(PgsqlMode.ROLE_PASSWORD_BEFORE)).isEmpty(), "moved");
        assertEquals("role-pw-of-1.3", host.store().inTransaction(tx -> tx.getSecret(PgsqlMode.ROLE_PASSWORD)).orElseThrow().reveal());
    }

    @Test
    void theEarlierKeyOfADomainWithSettingsIsThatDomainsPasswordAndStays() {
        TestHostServices host = new TestHostServices(home);
        host.store().inTransaction(tx -> {
            tx.put("@nodes.role-password", "{}");
            tx.putSecret(PgsqlMode.ROLE_PASSWORD_BEFORE, Secret.of("the domain's relay password"));
            return null;
        });
        String made = host.store().inTransaction(PgsqlMode::storedRolePassword);
        assertNotEquals("the domain's relay password", made);
        assertEquals("the domain's relay password",
                host.store().inTransaction(tx -> tx.getSecret(PgsqlMode.ROLE_PASSWORD_BEFORE)).orElseThrow().reveal());
    }
}
