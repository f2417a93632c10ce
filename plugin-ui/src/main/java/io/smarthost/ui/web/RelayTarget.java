package io.smarthost.ui.web;

import io.smarthost.core.check.Requester;
import io.smarthost.core.relay.Scope;
import java.util.Optional;

/**
 * Which smarthost form a request is about: the server-wide one or one domain's, who is asking, and
 * where the page lives.
 *
 * @param scope     server or domain (ASCII name)
 * @param domain    the domain's ASCII name; empty for the server
 * @param requester who runs connection checks (customers are limited by the check guard)
 * @param login     the user's login (pending passwords belong to it)
 * @param admin     whether the user is an administrator
 * @param pageUrl   the form's URL
 * @param cancelUrl where Cancel goes
 */
record RelayTarget(Scope scope, Optional<String> domain, Requester requester, String login, boolean admin,
                   String pageUrl, String cancelUrl) {

    boolean server() {
        return scope.isServer();
    }
}
