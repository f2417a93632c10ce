-- H2 only. An identity column hands out values from a cache of 32 by default, and H2 writes and commits
-- the sequence's state each time the cache runs out: creating 100,000 domains (and their 600,000 DNS
-- records from the template) spent a third of its time in those commits. Blocks of 1,000 instead; a
-- crash leaves a gap in the numbers, never a number used twice. (PostgreSQL's sequences do not commit.)
alter table users alter column id set cache 1000;
alter table domains alter column id set cache 1000;
alter table api_keys alter column id set cache 1000;
alter table action_log alter column id set cache 1000;
alter table dns_records alter column id set cache 1000;
alter table dns_template alter column id set cache 1000;
