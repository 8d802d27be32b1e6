# SPDX-License-Identifier: Apache-2.0
# Shared by the DMS route's tests (pg_dms_route.sh, pg_dms_kill_points.sh;
# sourced after lib_pg.sh): the database dmsshop on both sides with a
# schema of foreign keys (composite, self-referencing, cross-schema,
# ON DELETE CASCADE, DEFERRABLE INITIALLY DEFERRED, NOT VALID), triggers
# (row, statement, ALWAYS, one disabled by the user) and sequences
# (owned, free-standing, identity, descending, CYCLE, stepped); data on
# the source only; dms_load plays DMS's full load; CATALOG_SQL is the
# independent schema comparison.
reset_servers
DB=dmsshop
src_psql -c "CREATE DATABASE $DB"
tgt_psql -c "CREATE DATABASE $DB"
LOCK_KEY=7203960375245221198

SCHEMA=$(cat <<'SQL'
CREATE SCHEMA sales; CREATE SCHEMA ref;
CREATE TABLE ref.country (code text PRIMARY KEY, name text);
CREATE TABLE sales.customer (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  country text CONSTRAINT customer_country_fk REFERENCES ref.country(code),
  name text);
CREATE TABLE sales.orders (
  region int, id serial, total numeric,
  customer_id bigint NOT NULL CONSTRAINT orders_customer_fk
    REFERENCES sales.customer(id) ON DELETE CASCADE,
  PRIMARY KEY (region, id));
CREATE TABLE sales.order_line (
  region int, order_id int, line int, qty int,
  PRIMARY KEY (region, order_id, line),
  CONSTRAINT line_order_fk FOREIGN KEY (region, order_id)
    REFERENCES sales.orders(region, id) DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE sales.employee (id int PRIMARY KEY,
  manager_id int CONSTRAINT employee_manager_fk REFERENCES sales.employee(id));
CREATE TABLE sales.legacy (id int PRIMARY KEY, customer_id bigint);
CREATE TABLE sales.audit (n serial PRIMARY KEY, what text);
CREATE FUNCTION sales.audit_row() RETURNS trigger LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO sales.audit(what) VALUES (TG_TABLE_NAME || ' row');
  RETURN NEW; END$$;
CREATE FUNCTION sales.audit_stmt() RETURNS trigger LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO sales.audit(what) VALUES (TG_TABLE_NAME || ' stmt');
  RETURN NULL; END$$;
CREATE TRIGGER orders_row AFTER INSERT ON sales.orders
  FOR EACH ROW EXECUTE FUNCTION sales.audit_row();
CREATE TRIGGER orders_stmt AFTER INSERT ON sales.orders
  FOR EACH STATEMENT EXECUTE FUNCTION sales.audit_stmt();
CREATE TRIGGER line_always AFTER INSERT ON sales.order_line
  FOR EACH ROW EXECUTE FUNCTION sales.audit_row();
ALTER TABLE sales.order_line ENABLE ALWAYS TRIGGER line_always;
CREATE TRIGGER customer_row BEFORE INSERT ON sales.customer
  FOR EACH ROW EXECUTE FUNCTION sales.audit_row();
ALTER TABLE sales.customer DISABLE TRIGGER customer_row;
CREATE SEQUENCE sales.free_seq;
CREATE SEQUENCE sales.down_seq INCREMENT BY -1 MINVALUE -1000000
  MAXVALUE -1 START -1;
CREATE SEQUENCE sales.cyc_seq MINVALUE 1 MAXVALUE 1000 CYCLE;
CREATE SEQUENCE sales.step_seq INCREMENT BY 7 START 100;
CREATE SEQUENCE sales.unused_seq;
SQL
)
src_psql $DB -c "$SCHEMA"
tgt_psql $DB -c "$SCHEMA"
src_psql $DB >/dev/null <<'SQL'
INSERT INTO ref.country VALUES ('DE', 'Germany'), ('FR', 'France');
INSERT INTO sales.customer (country, name)
  SELECT CASE WHEN g % 2 = 0 THEN 'DE' ELSE 'FR' END, 'c' || g
  FROM generate_series(1, 20) g;
INSERT INTO sales.orders (region, total, customer_id)
  SELECT g % 3, g, 1 + g % 20 FROM generate_series(1, 40) g;
INSERT INTO sales.order_line SELECT region, id, l, l FROM sales.orders,
  generate_series(1, 2) l;
INSERT INTO sales.employee VALUES (1, NULL);
INSERT INTO sales.employee SELECT g, g - 1 FROM generate_series(2, 10) g;
INSERT INTO sales.legacy VALUES (1, 3), (2, 9999);
ALTER TABLE sales.legacy ADD CONSTRAINT legacy_customer_fk
  FOREIGN KEY (customer_id) REFERENCES sales.customer(id) NOT VALID;
SELECT nextval('sales.free_seq') FROM generate_series(1, 5);
SELECT nextval('sales.down_seq') FROM generate_series(1, 3);
SELECT nextval('sales.cyc_seq') FROM generate_series(1, 10);
SELECT nextval('sales.step_seq') FROM generate_series(1, 4);
CREATE ROLE dms_reader LOGIN;
GRANT USAGE ON SCHEMA sales TO dms_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO dms_reader;
SQL
tgt_psql $DB -c "ALTER TABLE sales.legacy ADD CONSTRAINT legacy_customer_fk
  FOREIGN KEY (customer_id) REFERENCES sales.customer(id) NOT VALID"
AUDIT_SRC=$(src_psql $DB -c "SELECT count(*) FROM sales.audit")

fk_count() { tgt_psql $DB -c "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"; }
saved() { tgt_psql $DB -c "SELECT coalesce((SELECT string_agg(kind || ':' || object_name, ',' ORDER BY kind, object_name) FROM rdsclone.dms_saved_constraints), '')" 2>/dev/null || echo "(none)"; }
trigger_states() { "$1" $DB -c "SELECT string_agg(tgname || '=' || tgenabled::text, ',' ORDER BY tgname) FROM pg_trigger WHERE NOT tgisinternal"; }

# DMS's full load: every table copied, children first, rows reversed.
dms_load() {
  for t in sales.audit sales.order_line sales.orders sales.legacy sales.employee sales.customer ref.country; do
    src_psql $DB -c "COPY (SELECT * FROM $t ORDER BY 1 DESC) TO STDOUT" |
      tgt_psql $DB -c "COPY $t FROM STDIN"
  done
}
# The independent schema comparison: what pg_dump --schema-only shows of
# the test's schema, read from the catalogs with the server's own
# deparsers (pg_dump 15, the test machine's client, refuses newer
# servers, so this stands in for it on every pair but 15 -> 15):
# schemas (owner, ACL); relations (kind, persistence, replica identity,
# options, owner, ACL); columns (type, NOT NULL, default, identity,
# collation, storage); constraints with their definition and
# validated/deferrable/deferred state (NOT NULL as the column's
# attnotnull: 18 also keeps it in pg_constraint); indexes; triggers with
# their definition and enabled state; sequences with every parameter
# (type, increment, bounds, start, cache, cycle) and the column that owns
# them (OWNED BY, or identity); functions; event triggers; comments.
# Owner entries' MAINTAIN is left out when the sides straddle 17
# (OWNER_MAINTAIN_SKIP, lib_pg.sh).
CATALOG_SQL=$(cat <<'SQL'
WITH rel AS (SELECT c.* FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('sales', 'ref')),
acl AS (SELECT r.oid::regclass::text AS obj, a.* FROM rel r, aclexplode(r.relacl) a
  UNION ALL SELECT 'schema ' || n.nspname, a.* FROM pg_namespace n, aclexplode(n.nspacl) a WHERE n.nspname IN ('sales', 'ref'))
SELECT 'col ' || c.oid::regclass || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull || ' identity=' || a.attidentity::text || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' collation=' || coalesce(a.attcollation::regcollation::text, '') || ' storage=' || a.attstorage::text
  FROM rel c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum WHERE c.relkind IN ('r', 'p', 'v', 'm')
UNION ALL SELECT 'rel ' || oid::regclass || ' kind=' || relkind::text || ' persistence=' || relpersistence::text || ' replident=' || relreplident::text || ' options=' || coalesce(reloptions::text, '') || ' owner=' || relowner::regrole FROM rel WHERE relkind <> 'i'
UNION ALL SELECT 'acl ' || obj || ' ' || grantor::regrole || ' -> ' || CASE grantee WHEN 0 THEN 'PUBLIC' ELSE grantee::regrole::text END || ' ' || privilege_type || ' grantable=' || is_grantable
  FROM acl WHERE NOT (:'maintain_skip'::boolean AND privilege_type = 'MAINTAIN' AND grantee = grantor)
UNION ALL SELECT 'con ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' valid=' || convalidated || ' deferrable=' || condeferrable || ' deferred=' || condeferred
  FROM pg_constraint WHERE contype <> 'n' AND connamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('sales', 'ref'))
UNION ALL SELECT 'idx ' || pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid IN (SELECT oid FROM rel)
UNION ALL SELECT 'trg ' || pg_get_triggerdef(oid) || ' enabled=' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal
UNION ALL SELECT 'seq ' || s.schemaname || '.' || s.sequencename || ' ' || s.data_type::text || ' increment=' || s.increment_by || ' min=' || s.min_value || ' max=' || s.max_value || ' start=' || s.start_value || ' cache=' || s.cache_size || ' cycle=' || s.cycle
  || ' owned_by=' || coalesce((SELECT dep.refobjid::regclass || '.' || att.attname || ' (' || dep.deptype::text || ')' FROM pg_depend dep
     JOIN pg_attribute att ON att.attrelid = dep.refobjid AND att.attnum = dep.refobjsubid
     WHERE dep.classid = 'pg_class'::regclass AND dep.objid = format('%I.%I', s.schemaname, s.sequencename)::regclass AND dep.deptype IN ('a', 'i')), '')
  FROM pg_sequences s
UNION ALL SELECT 'fn ' || pg_get_functiondef(p.oid) || ' owner=' || p.proowner::regrole FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname IN ('sales', 'ref')
UNION ALL SELECT 'evt ' || evtname || ' ' || evtevent || ' enabled=' || evtenabled::text FROM pg_event_trigger
UNION ALL SELECT 'com ' || d.classoid::regclass || ' ' || d.objoid || ' ' || d.objsubid || ' ' || d.description FROM pg_description d WHERE d.objoid IN (SELECT oid FROM rel)
UNION ALL SELECT 'nsp ' || nspname || ' owner=' || nspowner::regrole FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'
ORDER BY 1
SQL
)
# The catalog lines of one side (src_psql or tgt_psql) into a file.
catalog_of() { "$1" $DB -v maintain_skip="$OWNER_MAINTAIN_SKIP" -f - >"$2" <<<"$CATALOG_SQL"; }
# Both sides' catalogs equal: catalog_equal DESCRIPTION.
catalog_equal() {
  catalog_of src_psql "$TMP/cat_src"
  catalog_of tgt_psql "$TMP/cat_tgt"
  if [ -s "$TMP/cat_src" ] && diff -u "$TMP/cat_src" "$TMP/cat_tgt" >"$TMP/cat_diff"; then
    ok "$1 ($(wc -l <"$TMP/cat_src") catalog lines equal)"
  else not_ok "$1: the catalogs differ"; head -30 "$TMP/cat_diff"; fi
}
