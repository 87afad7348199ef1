import { type Kysely, sql } from 'kysely';

// Customer data rights: the suppression list of erased identifiers (salted
// hashes, a salt per shop), and the audit of every erasure, export and shop
// deletion, which holds counts and never personal data.
//
// Tables that had no tie to their shop get one here where a foreign key costs
// nothing on a hot path (service lookups, the recommendation tables). Events,
// their ids, failed events and the four profile tables stay without one: a
// foreign key would make every ingested row probe and share-lock its shop's
// row. Deleting a shop sweeps them explicitly (privacy/erase-shop.service.ts),
// and a test lists every table from information_schema to prove none is missed.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table privacy_salts (
      shop_id text primary key references shops(id) on delete cascade,
      salt text not null,
      created_at timestamptz not null default now()
    );

    create table suppressed_identifiers (
      shop_id text not null references shops(id) on delete cascade,
      hash bytea not null,
      kind text not null check (kind in ('anonymous', 'user', 'email', 'phone')),
      created_at timestamptz not null default now(),
      primary key (shop_id, hash)
    );

    -- No foreign key: the record that a shop was deleted outlives the shop.
    create table privacy_audit (
      shop_id text not null,
      id bigint generated always as identity,
      at timestamptz not null default now(),
      actor text not null,
      action text not null check (action in ('erase_customer', 'export_customer', 'lift_suppression', 'erase_shop')),
      rows jsonb not null default '{}',
      primary key (shop_id, id)
    );

    delete from service_lookup_attempts a where not exists (select 1 from shops s where s.id = a.shop_id);
    alter table service_lookup_attempts add constraint service_lookup_attempts_shop_fk foreign key (shop_id) references shops(id) on delete cascade;
    delete from rec_item_models r where not exists (select 1 from shops s where s.id = r.shop_id);
    alter table rec_item_models add constraint rec_item_models_shop_fk foreign key (shop_id) references shops(id) on delete cascade;
    delete from rec_model_runs r where not exists (select 1 from shops s where s.id = r.shop_id);
    alter table rec_model_runs add constraint rec_model_runs_shop_fk foreign key (shop_id) references shops(id) on delete cascade;
    delete from rec_rules r where not exists (select 1 from shops s where s.id = r.shop_id);
    alter table rec_rules add constraint rec_rules_shop_fk foreign key (shop_id) references shops(id) on delete cascade;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table rec_rules drop constraint rec_rules_shop_fk;
    alter table rec_model_runs drop constraint rec_model_runs_shop_fk;
    alter table rec_item_models drop constraint rec_item_models_shop_fk;
    alter table service_lookup_attempts drop constraint service_lookup_attempts_shop_fk;
    drop table privacy_audit;
    drop table suppressed_identifiers;
    drop table privacy_salts;
  `.execute(db);
}
