import { type Kysely, sql } from 'kysely';

// Merchant users of the admin panel (see merchant-users/): people who sign in
// with an e-mail and a password, each an owner or staff of one shop. The same
// e-mail may belong to users of several shops (an agency), so it is unique per
// shop; sign-in finds the candidates by e-mail through a plain, non-unique index.
//
// merchant_sessions keeps each signed-in browser: the cookie carries the shop
// id and a random token, and only the token's SHA-256 is stored, so a leaked
// table signs no one in. Each session has its own CSRF token.
//
// merchant_login_failures counts wrong passwords per user and address, for the
// sign-in limits (merchant-users/login-limits.ts); rows older than the window
// are deleted as new ones come.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table merchant_users (
      shop_id text not null references shops(id) on delete cascade,
      id text not null,
      email text not null,
      role text not null check (role in ('owner', 'staff')),
      password_hash text not null,
      created_at timestamptz not null default now(),
      primary key (shop_id, id)
    );
    create unique index merchant_users_email on merchant_users (shop_id, lower(email));
    create index merchant_users_by_email on merchant_users (lower(email));

    create table merchant_sessions (
      shop_id text not null references shops(id) on delete cascade,
      token_hash text not null,
      user_id text not null,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (shop_id, token_hash),
      foreign key (shop_id, user_id) references merchant_users (shop_id, id) on delete cascade
    );
    create index merchant_sessions_expiry on merchant_sessions (expires_at);

    create table merchant_login_failures (
      shop_id text not null,
      user_id text not null,
      id bigint generated always as identity,
      address text not null,
      at timestamptz not null default now(),
      primary key (shop_id, user_id, id),
      foreign key (shop_id, user_id) references merchant_users (shop_id, id) on delete cascade
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table merchant_login_failures;
    drop table merchant_sessions;
    drop table merchant_users;
  `.execute(db);
}
