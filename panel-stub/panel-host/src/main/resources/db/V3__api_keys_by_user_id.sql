-- API keys belong to a user's id, not to a login name: a key made for a customer who was then removed must not
-- work for a new user given the same login. Keys of a login that has no user any more are revoked (Migrations
-- logs how many). Keys were always stored as SHA-256 hashes: none is kept in clear, none needs converting.
-- last_used_at: when the key last authenticated a request (written at most once a minute).
alter table api_keys add column user_id bigint;
alter table api_keys add column last_used_at timestamp;
update api_keys set user_id = (select u.id from users u where u.login = api_keys.login);
delete from api_keys where user_id is null;
alter table api_keys alter column user_id set not null;
alter table api_keys add constraint api_keys_user foreign key (user_id) references users(id) on delete cascade;
create index api_keys_user_id on api_keys(user_id);
alter table api_keys drop column login;
