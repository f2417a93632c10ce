-- Domain owners as their user's login. Logins are lower case and looked up in any case, but the domains'
-- owner was stored as typed ("domain --create x -owner DEMO" stored DEMO): the customer demo did not see the
-- domain, and "user --delete demo" went through while demo owned it. The panel now stores the login; rows
-- written before are given it here. An owner that names no user in any case (its user was deleted in spite of
-- it) stays as it is: a later user of that login does not inherit it.
update domains set owner = lower(owner)
  where owner <> lower(owner) and exists (select 1 from users u where u.login = lower(domains.owner));
update domain_events set owner = lower(owner)
  where owner <> lower(owner) and exists (select 1 from users u where u.login = lower(domain_events.owner));
