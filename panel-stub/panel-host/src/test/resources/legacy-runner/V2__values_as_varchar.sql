-- Plugin settings and action-log details are small texts (JSON of a few hundred bytes). As CLOBs, H2
-- copied every value into its LOB store and, at each statement end inside a long transaction, scanned
-- the pending LOBs again: a bulk change of 1,000 domains took 7.7 s, growing faster than linearly.
-- CHARACTER VARYING keeps them in the row (limit 1,000,000 characters a value).
alter table plugin_settings alter column v set data type character varying(1000000);
alter table action_log alter column details set data type character varying(1000000);
