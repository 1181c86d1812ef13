import type { Client } from "pg";

/**
 * A large building for the timeline benchmark, written in SQL (generate_series) so 100,000 windows
 * take seconds: three sites — "Tower" (Berlin, 300 doors in 10 groups, the one the benchmark
 * draws), "Harbour" (New York) and "Annex" (London) with 20 doors each —, 5,000 customers, and
 * 100,000 one-off windows over a year: `dense` of them in the fortnight from `focus` on Tower
 * (two or three 1–3 h windows per door and day, never overlapping on a door), the rest spread over
 * the year on every door. Grants give the windows mixed states (mostly on lock; sending, failed,
 * offline, waiting). Existing rows are left alone; run it on an empty database.
 */
export async function seedLargeBuilding(
  db: Client,
  o: { focus: Date; dense?: number; windows?: number; customers?: number },
): Promise<{ towerId: string; groupIds: string[] }> {
  const dense = o.dense ?? 10_000;
  const total = o.windows ?? 100_000;
  const customers = o.customers ?? 5_000;
  const sites = await db.query(
    `insert into sites (name, time_zone) values ('Tower', 'Europe/Berlin'), ('Harbour', 'America/New_York'), ('Annex', 'Europe/London')
     returning id, name, time_zone`,
  );
  const site = (name: string) => sites.rows.find((r) => r.name === name)!;
  const groups = await db.query(
    `insert into door_groups (site_id, name) select $1, 'Floor ' || lpad(g::text, 2, '0') from generate_series(1, 10) g returning id`,
    [site("Tower").id],
  );
  const groupIds = groups.rows.map((r) => r.id as string);
  await db.query(
    `insert into doors (name, smartlock_id, time_zone, site_id, group_id, battery_charge, online)
     select 'Room ' || lpad(n::text, 3, '0'), 880000000 + n, 'Europe/Berlin', $1, ($2::uuid[])[1 + (n - 1) / 30], 20 + n % 80, n % 37 <> 0
     from generate_series(1, 300) n`,
    [site("Tower").id, groupIds],
  );
  for (const [i, name] of ["Harbour", "Annex"].entries())
    await db.query(
      `insert into doors (name, smartlock_id, time_zone, site_id)
       select $2 || ' ' || n, $3 + n, $4, $1 from generate_series(1, 20) n`,
      [site(name).id, name, 881000000 + i * 1000, site(name).time_zone],
    );
  await db.query(
    // Tags written out: 5,000 random 6-hex defaults collide (birthday bound), and the column is unique.
    `insert into customers (name, email, tag)
     select 'Guest ' || lpad(n::text, 4, '0'), 'guest' || n || '@bench.test', 'b' || lpad(to_hex(n), 5, '0')
     from generate_series(1, $1) n`,
    [customers],
  );
  // Dense fortnight on Tower: door d, day k, slot s (07:00, 11:00, 15:00 + jitter), 1–3 h.
  await db.query(
    `with d as (select id, row_number() over (order by name) rn from doors where site_id = $1),
          c as (select id, row_number() over (order by email) rn from customers),
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
  // The rest over the year around the fortnight, on every door: one 2 h window every 33 h per door
  // (≈ 265 per door over 364 days), skipping the fortnight so the dense part stays as described.
  await db.query(
    `with nd as (select count(*)::int n from doors),
          d as (select id, row_number() over (order by smartlock_id) rn from doors),
          c as (select id, row_number() over (order by email) rn from customers),
          g as (select 33 * (g / nd.n) h, 1 + g % nd.n drn, 1 + (g::bigint * 104729) % $3 crn
                from generate_series(0, $2 - 1) g, nd)
     insert into access_windows (customer_id, door_id, kind, starts_at, ends_at)
     select c.id, d.id, 'once',
            $1::timestamptz - interval '180 days' + make_interval(hours => g.h),
            $1::timestamptz - interval '180 days' + make_interval(hours => g.h + 2)
     from g join d on d.rn = g.drn join c on c.rn = g.crn
     where not ($1::timestamptz - interval '180 days' + make_interval(hours => g.h)
                between $1::timestamptz - interval '1 day' and $1::timestamptz + interval '15 days')`,
    [o.focus.toISOString(), total - dense, customers],
  );
  // One grant per (customer, door) pair, in mixed states.
  await db.query(
    `insert into grants (customer_id, door_id, credential, status, last_error, status_changed_at)
     select customer_id, door_id, 'keypad',
            (case when h < 80 then 'applied' when h < 88 then 'pending' when h < 93 then 'failed'
                  when h < 97 then 'lock_offline' else 'awaiting_lock' end)::grant_status,
            case when h between 88 and 92 then 'Nuki refused the change (bench)' end, now()
     from (select distinct customer_id, door_id, abs(hashtext(customer_id::text || door_id::text)) % 100 h from access_windows) p
     on conflict do nothing`,
  );
  return { towerId: site("Tower").id, groupIds };
}
