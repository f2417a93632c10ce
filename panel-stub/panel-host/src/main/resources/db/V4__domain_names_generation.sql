-- Counted up by every change of the domains' names (create, rename, delete), in the change's own
-- transaction: a process that keeps the names in memory for "contains" filters reads this one row to
-- know whether they are still the table's (the panel's DomainNameIndex).
create table domain_names_generation (
  id int primary key,
  generation bigint not null
);
insert into domain_names_generation (id, generation) values (1, 0);
