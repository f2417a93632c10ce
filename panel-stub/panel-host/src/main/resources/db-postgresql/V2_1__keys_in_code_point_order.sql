-- PostgreSQL only (H2 compares strings by code point already). The stores read key ranges
-- (k >= 'prefix' and k < 'prefiy', the primary key index serving them) and list names in order: with a
-- linguistic collation (en_US.UTF-8, a database's usual default) punctuation is ignored at first, so
-- 'a.example' and 'a-b.example' would sort apart from their prefix and a range would miss rows.
-- The "C" collation compares code points, as H2 does, whatever the database's default.
alter table plugin_settings alter column plugin_id type varchar(64) collate "C";
alter table plugin_settings alter column k type varchar(255) collate "C";
alter table domains alter column name type varchar(253) collate "C";
alter table domain_aliases alter column alias type varchar(253) collate "C";
alter table users alter column login type varchar(64) collate "C";
alter table dns_records alter column name type varchar(253) collate "C";
