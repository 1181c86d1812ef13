import "server-only";
import type { ClientBase, Pool } from "pg";

/** Anything that runs SQL with parameters: a pg Client, Pool or PoolClient. */
type Queryable = Pool | ClientBase;

export type LargeBuildingOptions = {
  /** Local midnight (Tower's zone) of the first day of the dense fortnight. */
  focus: Date;
  /** One-off windows in the dense fortnight on Tower (default 10,000). */
  dense?: number;
  /** All windows, one-off and weekly (default 100,000). */
  windows?: number;
  customers?: number;
};

export type LargeBuilding = { towerId: string; groupIds: string[] };

/** What the generator names its rows by, so `npm run seed:large -- --force` can replace an earlier run. */
export const LARGE_SITE_NAMES = ["Tower", "Harbour", "Annex"] as const;
export const LARGE_EMAIL_DOMAIN = "bench.test";
const SMARTLOCK_BASE = 880_000_000;

/**
 * A large building for benchmarks and `npm run seed:large`, written in SQL (generate_series) so
 * 100,000 windows take seconds, not minutes of single-row inserts: three sites in three zones —
 * "Tower" (Berlin, 300 doors in 10 groups, the one the benchmarks draw), "Harbour" (New York) and
 * "Annex" (London) with 20 doors each in one group —, 5,000 customers, and `windows` windows over a
 * year: `dense` one-off windows in the fortnight from `focus` on Tower (two or three 1–3 h windows
 * per door and day, never overlapping on a door), a weekly cleaning round on every tenth door (Mon–Fri
 * 06:00–07:00 on the door's clock, a year long; every third of them open-ended), and the rest spread
 * over the year on every door. One grant per (customer, door) pair, in mixed states (mostly on lock;
 * sending, failed, offline, waiting for the lock). Existing rows are left alone; the names, emails
 * and lock ids it uses must be free (see removeLargeBuilding).
 */
export async function seedLargeBuilding(db: Queryable, o: LargeBuildingOptions): Promise<LargeBuilding> {
  const dense = o.dense ?? 10_000;
  const total = o.windows ?? 100_000;
  const customers = o.customers ?? 5_000;
  const sites = await db.query(
    `insert into sites (name, time_zone) values ($1, 'Europe/Berlin'), ($2, 'America/New_York'), ($3, 'Europe/London')
     returning id, name, time_zone`,
    [...LARGE_SITE_NAMES],
  );
  const site = (name: string) => sites.rows.find((r) => r.name === name)!;
  const groups = await db.query(
    `insert into door_groups (site_id, name) select $1, 'Floor ' || lpad(g::text, 2, '0') from generate_series(1, 10) g returning id`,
    [site("Tower").id],
  );
  const groupIds = groups.rows.map((r) => r.id as string);
  await db.query(
    `insert into doors (name, smartlock_id, time_zone, site_id, group_id, battery_charge, online, offline_since, lock_state, state_updated_at)
     select 'Room ' || lpad(n::text, 3, '0'), $3::bigint + n, 'Europe/Berlin', $1, ($2::uuid[])[1 + (n - 1) / 30], 20 + n % 80,
            n % 37 <> 0, case when n % 37 = 0 then now() - interval '3 hours' end, 1 + n % 3, now()
     from generate_series(1, 300) n`,
    [site("Tower").id, groupIds, SMARTLOCK_BASE],
  );
  for (const [i, name] of LARGE_SITE_NAMES.slice(1).entries()) {
    const g = await db.query(`insert into door_groups (site_id, name) values ($1, 'Ground floor') returning id`, [
      site(name).id,
    ]);
    await db.query(
      `insert into doors (name, smartlock_id, time_zone, site_id, group_id)
       select $2 || ' ' || n, $3::bigint + n, $4, $1, $5 from generate_series(1, 20) n`,
      [site(name).id, name, SMARTLOCK_BASE + 1000 * (i + 1), site(name).time_zone, g.rows[0]!.id],
    );
  }
  await db.query(
    // Tags written out: 5,000 random 6-hex defaults collide (birthday bound), and the column is unique.
    `insert into customers (name, email, tag)
     select 'Guest ' || lpad(n::text, 4, '0'), 'guest' || n || '@${LARGE_EMAIL_DOMAIN}', 'b' || lpad(to_hex(n), 5, '0')
     from generate_series(1, $1) n`,
    [customers],
  );
  // Dense fortnight on Tower: door d, day k, slot s (07:00, 11:00, 15:00 + jitter), 1–3 h.
  await db.query(
    `with d as (select id, row_number() over (order by name) rn from doors where site_id = $1),
          c as (select id, row_number() over (order by email) rn from customers where email like '%@${LARGE_EMAIL_DOMAIN}'),
          slots as (select d.id door_id, d.rn, k, s, row_number() over () i
                    from d, generate_series(0, 13) k, generate_series(0, 2) s)
     insert into access_windows (customer_id, door_id, kind, starts_at, ends_at)
     select c.id, slots.door_id, 'once',
            $2::timestamptz + make_interval(days => k, hours => 7 + 4 * s, mins => 15 * ((i % 3)::int)),
            $2::timestamptz + make_interval(days => k, hours => 7 + 4 * s + 1 + (i % 3)::int, mins => 15 * ((i % 3)::int))
     from slots join c on c.rn = 1 + (slots.i * 7919) % $3
     where slots.i <= $4`,
    [site("Tower").id, o.focus.toISOString(), customers, dense],
  );
  // Weekly cleaning rounds (Mon–Fri = Nuki bits Mon 64 … Fri 4 = 124, 06:00–07:00 local), half a year either side of the
  // focus; the envelope columns as windowColumns computes them (local midnights in the door's zone).
  const weekly = await db.query(
    `with d as (select id, time_zone, row_number() over (order by name) rn from doors where site_id = $1),
          c as (select id, row_number() over (order by email) rn from customers where email like '%@${LARGE_EMAIL_DOMAIN}'),
          s as (select d.id door_id, d.time_zone, d.rn, ($2::timestamptz at time zone d.time_zone)::date - 180 first_day,
                       case when d.rn % 30 <> 0 then ($2::timestamptz at time zone d.time_zone)::date + 180 end last_day
                from d where d.rn % 10 = 0)
     insert into access_windows (customer_id, door_id, kind, starts_at, ends_at, weekdays, from_minute, until_minute, series_start, series_end, note)
     select c.id, s.door_id, 'weekly', s.first_day::timestamp at time zone s.time_zone,
            (s.last_day + 1)::timestamp at time zone s.time_zone, 124, 360, 420, s.first_day, s.last_day, 'Cleaning round'
     from s join c on c.rn = 1 + (s.rn * 31) % $3
     returning id`,
    [site("Tower").id, o.focus.toISOString(), customers],
  );
  // The rest over the year around the fortnight, on every door: one 2 h window every 33 h per door
  // (≈ 265 per door over 364 days), skipping the fortnight so the dense part stays as described.
  await db.query(
    `with nd as (select count(*)::int n from doors where smartlock_id between $4 and $4 + 10000),
          d as (select id, row_number() over (order by smartlock_id) rn from doors where smartlock_id between $4 and $4 + 10000),
          c as (select id, row_number() over (order by email) rn from customers where email like '%@${LARGE_EMAIL_DOMAIN}'),
          g as (select 33 * (g / nd.n) h, 1 + g % nd.n drn, 1 + (g::bigint * 104729) % $3 crn
                from generate_series(0, $2 - 1) g, nd)
     insert into access_windows (customer_id, door_id, kind, starts_at, ends_at)
     select c.id, d.id, 'once',
            $1::timestamptz - interval '180 days' + make_interval(hours => g.h),
            $1::timestamptz - interval '180 days' + make_interval(hours => g.h + 2)
     from g join d on d.rn = g.drn join c on c.rn = g.crn
     where not ($1::timestamptz - interval '180 days' + make_interval(hours => g.h)
                between $1::timestamptz - interval '1 day' and $1::timestamptz + interval '15 days')`,
    [o.focus.toISOString(), Math.max(0, total - dense - weekly.rows.length), customers, SMARTLOCK_BASE],
  );
  // One grant per (customer, door) pair, in mixed states.
  await db.query(
    `insert into grants (customer_id, door_id, credential, status, last_error, status_changed_at)
     select customer_id, door_id, 'keypad',
            (case when h < 80 then 'applied' when h < 88 then 'pending' when h < 93 then 'failed'
                  when h < 97 then 'lock_offline' else 'awaiting_lock' end)::grant_status,
            case when h between 88 and 92 then 'Nuki refused the change (bench)' end, now()
     from (select distinct w.customer_id, w.door_id, abs(hashtext(w.customer_id::text || w.door_id::text)) % 100 h
           from access_windows w join doors d on d.id = w.door_id where d.smartlock_id between $1 and $1 + 10000) p
     on conflict do nothing`,
    [SMARTLOCK_BASE],
  );
  // Fresh statistics: the planner would otherwise plan the first queries for empty tables.
  await db.query("analyze sites, door_groups, doors, customers, access_windows, grants");
  return { towerId: site("Tower").id, groupIds };
}

/** Deletes an earlier large building (its sites, doors, and customers; windows and grants go with them). */
export async function removeLargeBuilding(db: Queryable): Promise<void> {
  await db.query(`delete from doors where smartlock_id between $1 and $1 + 10000`, [SMARTLOCK_BASE]);
  await db.query(`delete from sites where name = any($1::text[])`, [[...LARGE_SITE_NAMES]]);
  await db.query(`delete from customers where email like '%@${LARGE_EMAIL_DOMAIN}'`);
}
