package io.smarthost.panel.api.services;

import java.util.Map;

/**
 * The panel's action log: who changed what, when. The host adds the user and time, and replaces
 * the value of any detail whose name contains {@code password}, {@code secret}, {@code token} or
 * {@code key} by {@code ******} as a second line of defence; plugins must not pass secrets at all.
 *
 * @since 1.0
 */
public interface ActionLog {

    /**
     * @param action  what happened, e.g. {@code smarthost.domain.updated}
     * @param target  what it happened to, e.g. {@code example.com} or {@code server}
     * @param details extra facts, e.g. {@code relay=[smtp.example.com]:587}
     */
    void record(String action, String target, Map<String, String> details);
}
