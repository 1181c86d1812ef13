import { spawn } from "node:child_process";
import { createCipheriv, hkdfSync, randomBytes } from "node:crypto";
import path from "node:path";
import { Client } from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { connect } from "@/db/client";
import { applyMigrationsUpTo, appliedMigrations, knownMigrations, runMigrations } from "@/db/migrate";
import { auditRowHash, GENESIS_HASH, verifyAuditChain } from "@/db/queries/audit";
import { revealCodes } from "@/lib/access/codes/reveal-codes";
import { reconcileOnce } from "@/lib/access/reconciler/run-once";
import { pruneExpired } from "@/lib/access/retention/prune";
import { readRetentionPeriods, RETENTION_DEFAULTS } from "@/lib/access/retention/retention-settings";
import { atRisk } from "@/lib/access/views/at-risk";
import { calendarView } from "@/lib/access/views/calendar-view";
import { lockActivity } from "@/lib/access/views/lock-activity";
import { createWindow } from "@/lib/access/windows/create-window";
import { createDatabase, dropDatabase } from "@/test/database";
import { advance, createEngine, grantFor, hoursFromNow } from "@/test/engine";

/**
 * Safe upgrades: the database as the previous release left it (every migration but the newest),
 * holding realistic rows in every table, then the newest migration, then the app's code on it.
 * A new table without rows below makes this test fail, so each migration's author adds some.
 */
const KEY = randomBytes(32);
const NOW = Date.now();
const iso = (hoursFromNow: number) => new Date(NOW + hoursFromNow * 3_600_000).toISOString();

/** Sealed as the previous release sealed values (`v1:`, before key ids). */
function legacySeal(text: string) {
  const key = Buffer.from(hkdfSync("sha256", KEY, Buffer.alloc(0), "portier keypad code encryption v1", 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), ct.toString("base64")].join(":");
}

const ID = {
  admin: "10000000-0000-4000-8000-000000000001",
  portal: "10000000-0000-4000-8000-000000000002",
  customer: "20000000-0000-4000-8000-000000000001",
  door: "30000000-0000-4000-8000-000000000001",
  site: "31000000-0000-4000-8000-000000000001",
  group: "32000000-0000-4000-8000-000000000001",
  feed: "33000000-0000-4000-8000-000000000001",
  window: "40000000-0000-4000-8000-000000000001",
  apiKey: "50000000-0000-4000-8000-000000000001",
  webhookEndpoint: "60000000-0000-4000-8000-000000000001",
  grant: "50000000-0000-4000-8000-000000000001",
  connection: "70000000-0000-4000-8000-000000000001",
};
const LOCK = 4 * 2 ** 32 + 0x900;

function auditRows() {
  const rows: Record<string, unknown>[] = [];
  let prev = GENESIS_HASH;
  for (const [i, action] of ["customer.create", "window.create", "code.reveal"].entries()) {
    const row = {
      at: new Date(NOW - (3 - i) * 60_000),
      actorId: ID.admin,
      actorLabel: "Ada Admin",
      action,
      entityType: action.split(".")[0]!,
      entityId: action.startsWith("window") ? ID.window : ID.customer,
      before: null,
      after: action === "window.create" ? { doorId: ID.door, startsAt: iso(-1) } : null,
      prevHash: prev,
    };
    const hash = auditRowHash(row);
    rows.push({ ...row, at: row.at.toISOString(), hash });
    prev = hash;
  }
  return rows.map((r) => ({
    at: r.at,
    actor_id: r.actorId,
    actor_label: r.actorLabel,
    action: r.action,
    entity_type: r.entityType,
    entity_id: r.entityId,
    before: r.before,
    after: r.after,
    prev_hash: r.prevHash,
    hash: r.hash,
  }));
}

/** Realistic rows per table, in insert order; columns the previous schema lacks are dropped. */
const FIXTURES: Record<string, () => Record<string, unknown>[]> = {
  customers: () => [
    {
      id: ID.customer,
      name: "Bo Berg",
      email: "bo@guest.test",
      phone: "+49 30 1234567",
      group_name: "Studio B",
      preferred_credential: "keypad",
      tag: "k3f9qz",
      keypad_code_enc: legacySeal("345678"),
      ical_token_hash: "a".repeat(64),
    },
  ],
  users: () => [
    {
      id: ID.admin,
      email: "ada@hotel.test",
      name: "Ada Admin",
      role: "admin",
      password_hash: "scrypt$16384$8$1$c2FsdA$aGFzaA",
    },
    { id: ID.portal, email: "bo@guest.test", name: "Bo Berg", role: "customer", customer_id: ID.customer },
  ],
  nuki_token_health: () => [
    { connection: "default", refused_since: iso(-2), last_status: 401, probe_failures: 3, next_probe_at: iso(1) },
  ],
  nuki_connections: () => [
    { id: "default", name: "Default account", api_base_url: "https://api.nuki.io", requests_per_sec: 1, burst: 10 },
    {
      id: ID.connection,
      name: "Annex (owner B)",
      api_base_url: "https://api.nuki.io",
      token_enc: legacySeal("nuki-api-token-of-the-annex-0001"),
      token_hint: "…0001",
      requests_per_sec: 2,
      burst: 20,
      webhook_id: 4242,
      webhook_secret_enc: legacySeal("annex-webhook-secret"),
      last_ok_at: iso(-0.1),
      version: 3,
    },
  ],
  connection_account_users: () => [{ connection_id: ID.connection, customer_id: ID.customer, account_user_id: 880011 }],
  sites: () => [{ id: ID.site, name: "Main building", time_zone: "Europe/Berlin" }],
  door_groups: () => [{ id: ID.group, site_id: ID.site, name: "First floor" }],
  doors: () => [
    {
      id: ID.door,
      site_id: ID.site,
      group_id: ID.group,
      name: "Room 101",
      smartlock_id: LOCK,
      time_zone: "Europe/Berlin",
      group_name: "First floor",
      battery_charge: 80,
      connection_id: "default",
      foreign_code_hmacs: JSON.stringify(["f".repeat(64)]),
    },
  ],
  access_windows: () => [
    {
      id: ID.window,
      customer_id: ID.customer,
      door_id: ID.door,
      kind: "once",
      starts_at: iso(-1),
      ends_at: iso(48),
      created_by: ID.admin,
    },
  ],
  grants: () => [
    {
      id: ID.grant,
      customer_id: ID.customer,
      door_id: ID.door,
      credential: "keypad",
      desired: JSON.stringify({
        name: "Bo Berg #k3f9qz",
        type: 13,
        enabled: true,
        remoteAllowed: false,
        allowedFromDate: iso(-1),
        allowedUntilDate: iso(48),
        allowedWeekDays: 127,
        allowedFromTime: 0,
        allowedUntilTime: 0,
      }),
      status: "applied",
      nuki_auth_id: "a".repeat(24),
      applied_at: iso(-1),
      code_enc: legacySeal("345678"),
      code_hmac: "b".repeat(64),
    },
  ],
  bulk_jobs: () => [
    {
      id: "60000000-0000-4000-8000-000000000001",
      created_by: ID.admin,
      actor_label: "Ada Admin",
      actor_role: "admin",
      spec: JSON.stringify({
        customerIds: [ID.customer],
        doorIds: [ID.door],
        window: { kind: "once", startsAt: iso(24), endsAt: iso(26) },
      }),
      total: 1,
      finished_at: iso(-0.2),
    },
  ],
  bulk_job_items: () => [
    {
      job_id: "60000000-0000-4000-8000-000000000001",
      seq: 0,
      customer_id: ID.customer,
      door_id: ID.door,
      state: "created",
      window_id: ID.window,
    },
  ],
  lock_events: () => [
    {
      id: "log-1",
      door_id: ID.door,
      at: iso(-0.5),
      action: 1,
      trigger: 0,
      state: 0,
      auth_name: "Bo Berg #k3f9qz",
      customer_id: ID.customer,
      grant_id: ID.grant,
    },
  ],
  webhook_inbox: () => [
    {
      dedupe_key: "sha-1",
      feature: "DEVICE_AUTHS",
      body: JSON.stringify({ feature: "DEVICE_AUTHS" }),
      received_at: iso(-1),
      processed_at: iso(-1),
    },
  ],
  nuki_webhooks: () => [{ id: 77, url: "https://portier.example/api/webhooks/nuki", secret_enc: legacySeal("whsec") }],
  engine_jobs: () => [
    { name: "resync", last_run_at: iso(-0.1), last_run_by: "app-1", last_report: JSON.stringify({ locks: 1 }) },
  ],
  audit_log: auditRows,
  // The migration that creates it inserts the defaults row; this one then changes nothing.
  retention_settings: () => [{ id: 1 }],
  unmanaged_auths: () => [
    {
      door_id: ID.door,
      nuki_auth_id: "d".repeat(24),
      lock_auth_id: 9001,
      name: "Cleaning crew",
      type: 13,
      allowed_week_days: 124,
      allowed_from_time: 420,
      allowed_until_time: 600,
      code_hmac: "e".repeat(64),
      last_active_at: iso(-20),
      state: "left_alone",
      decided_by: ID.admin,
      decided_at: iso(-3),
      version: 2,
    },
    {
      door_id: ID.door,
      nuki_auth_id: "f".repeat(24),
      name: "Owner",
      type: 0,
      account_user_id: 4242,
      account_user_email: "owner@hotel.test",
      state: "unmanaged",
    },
  ],
  login_attempts: () => [{ email: "ada@hotel.test", ip: "203.0.113.7", success: true, at: iso(-2) }],
  login_links: () => [
    {
      token_hash: "c".repeat(64),
      user_id: ID.portal,
      expires_at: iso(-1),
      used_at: iso(-1.1),
      requested_ip: "198.51.100.2",
    },
  ],
  // The first admin's setup link, used; and a front-desk invite still open (hash only, never the token).
  setup_tokens: () => [{ token_hash: "e".repeat(64), expires_at: iso(-23), used_at: iso(-23.5) }],
  staff_invites: () => [
    { token_hash: "f".repeat(64), user_id: ID.admin, invited_by: ID.admin, expires_at: iso(48), used_at: null },
  ],
  feeds: () => [
    {
      id: ID.feed,
      name: "Airbnb – Studio 3",
      url_enc: legacySeal("https://www.airbnb.com/calendar/ical/123.ics?s=abc"),
      url_hint: "https://www.airbnb.com/calendar/ica…?…",
      door_id: ID.door,
      profile: "airbnb",
      state: "active",
      etag: '"5f2b"',
      last_polled_at: iso(-1),
      created_by: ID.admin,
    },
  ],
  feed_reservations: () => [
    {
      feed_id: ID.feed,
      uid: "1418fb94e984-7f0b@airbnb.com",
      customer_id: ID.customer,
      door_id: ID.door,
      window_id: ID.window,
      window_created: true,
      guest_name: "Airbnb guest 4821",
      starts_at: iso(-1),
      ends_at: iso(48),
      needs_handover: true,
      last_seen_at: iso(-1),
    },
  ],
  outbox: () => [
    {
      to: "bo@guest.test",
      subject: "Your access is ready",
      body: "Room 101 from …",
      kind: "access.ready",
      dedupe_key: "ready-1",
      sent_at: iso(-1),
    },
  ],
  api_keys: () => [
    {
      id: ID.apiKey,
      name: "Booking PMS",
      prefix: "ptr_k3f9qz7a",
      secret_hash: "b".repeat(64),
      scope: "read_write",
      expires_at: iso(24 * 90),
      last_used_at: iso(-1),
      created_by: ID.admin,
      rate_tokens: 57.5,
      rate_refilled_at: iso(-1),
    },
  ],
  api_idempotency: () => [
    {
      api_key_id: ID.apiKey,
      key: "booking-4711-create",
      fingerprint: "c".repeat(64),
      response_status: 201,
      response_body: JSON.stringify({ id: ID.window, version: 1 }),
      created_at: iso(-2),
    },
  ],
  api_key_usage: () => [
    {
      api_key_id: ID.apiKey,
      hour: new Date(Math.floor(NOW / 3_600_000 - 1) * 3_600_000).toISOString(),
      reads: 340,
      writes: 12,
      refused: 1,
    },
  ],
  webhook_endpoints: () => [
    {
      id: ID.webhookEndpoint,
      url: "https://pms.example.com/hooks/portier",
      description: "Booking PMS",
      secret_enc: "v2:1a2b3c4d:aXYxMjM0NTY3ODkw:dGFnMTIzNDU2Nzg5MDEy:Y2lwaGVydGV4dA==",
      event_types: ["window.created", "access.failed", "lock.offline"],
      enabled: true,
      version: 2,
      created_by: ID.admin,
    },
  ],
  webhook_deliveries: () => [
    {
      endpoint_id: ID.webhookEndpoint,
      event_id: "msg_2f1c9e0a7b3d4c5e8f9a0b1c2d3e4f50",
      event_type: "window.created",
      payload: JSON.stringify({ type: "window.created", timestamp: iso(-2), data: { windowId: ID.window } }),
      status: "pending",
      attempts: 3,
      next_attempt_at: iso(0.1),
      give_up_at: iso(22),
      last_response_code: 503,
      last_error: "HTTP 503",
      last_attempt_at: iso(-0.5),
    },
    {
      endpoint_id: ID.webhookEndpoint,
      event_id: "msg_9a8b7c6d5e4f30211f2e3d4c5b6a7980",
      event_type: "lock.offline",
      payload: JSON.stringify({ type: "lock.offline", timestamp: iso(-30), data: { doorId: ID.door } }),
      status: "delivered",
      attempts: 1,
      next_attempt_at: iso(-30),
      give_up_at: iso(-6),
      last_response_code: 204,
      delivered_at: iso(-30),
    },
  ],
  arrival_alerts: () => [
    {
      window_id: ID.window,
      occurrence_start: iso(-1),
      reasons: "lock_offline,invite_not_accepted",
      alerted_at: iso(-3),
    },
  ],
};

const dbs: string[] = [];
afterAll(async () => {
  for (const name of dbs) await dropDatabase(inject("adminDatabaseUrl"), name);
});
async function emptyDatabase() {
  const name = `portier_upgrade_${randomBytes(4).toString("hex")}`;
  dbs.push(name);
  return createDatabase(inject("adminDatabaseUrl"), name);
}

async function fill(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (
      await c.query<{ t: string }>("select tablename as t from pg_tables where schemaname = 'public'")
    ).rows.map((r) => r.t);
    const missing = tables.filter((t) => !FIXTURES[t]);
    expect(missing, "add realistic rows for these tables to FIXTURES").toEqual([]);
    for (const [table, rows] of Object.entries(FIXTURES)) {
      if (!tables.includes(table)) continue; // introduced by the newest migration
      const cols = new Set(
        (
          await c.query<{ c: string }>(
            "select column_name as c from information_schema.columns where table_name = $1",
            [table],
          )
        ).rows.map((r) => r.c),
      );
      for (const row of rows()) {
        const entries = Object.entries(row).filter(([k]) => cols.has(k));
        await c.query(
          `insert into "${table}" (${entries.map(([k]) => `"${k}"`).join(", ")}) values (${entries.map((_, i) => `$${i + 1}`).join(", ")}) on conflict do nothing`,
          entries.map(([, v]) => v),
        );
      }
      const n = await c.query<{ n: number }>(`select count(*)::int as n from "${table}"`);
      expect(n.rows[0]!.n, `${table} holds rows`).toBeGreaterThan(0);
    }
  } finally {
    await c.end();
  }
}

describe("upgrading from the previous release's schema", () => {
  it("applies the newest migration over realistic data and the app works on the result", {
    timeout: 120_000,
  }, async () => {
    const known = knownMigrations();
    const url = await emptyDatabase();
    const handle = connect(url);
    await applyMigrationsUpTo(handle.db, known.length - 1);
    expect(await appliedMigrations(handle.db)).toHaveLength(known.length - 1);
    await fill(url);

    await runMigrations(handle.db);
    expect(await appliedMigrations(handle.db)).toHaveLength(known.length);
    // Every door sits in a site (and its old free-text group in a door group) after any upgrade.
    const placed = await handle.pool.query(
      `select s.time_zone, g.name as group_name from doors d join sites s on s.id = d.site_id
       left join door_groups g on g.id = d.group_id where d.id = $1`,
      [ID.door],
    );
    expect(placed.rows).toEqual([{ time_zone: "Europe/Berlin", group_name: "First floor" }]);
    // Every door belongs to a Nuki connection after any upgrade: the env account's "default" one.
    const connection = await handle.pool.query("select connection_id from doors where id = $1", [ID.door]);
    expect(connection.rows).toEqual([{ connection_id: "default" }]);

    const e = await createEngine({ db: { ...handle, drop: async () => {} }, vaultKey: KEY, doors: 1, customers: 1 });
    try {
      e.sim.addLock({ smartlockId: LOCK, name: "Room 101", timeZone: "Europe/Berlin" });
      const admin = { ...e.actor, role: "admin" as const };
      // Old data reads: codes sealed by the previous release, the audit chain, the views.
      expect((await revealCodes(e, admin, ID.customer)).code).toBe(345678);
      expect(await verifyAuditChain(e.db)).toMatchObject({ ok: true });
      const cal = await calendarView(e.db, admin, {
        from: new Date(NOW - 86_400_000),
        to: new Date(NOW + 86_400_000 * 3),
      });
      expect(JSON.stringify(cal)).toContain(ID.window);
      expect((await lockActivity(e.db, admin, { customerId: ID.customer })).map((r) => r.authName)).toContain(
        "Bo Berg #k3f9qz",
      );
      await atRisk(e.db, admin);
      expect(await readRetentionPeriods(e.db)).toEqual(RETENTION_DEFAULTS);
      expect(await pruneExpired(e.db, NOW)).toMatchObject({ lockEvents: 0, outbox: 0 });
      // New writes work beside the old rows, through the lock and back.
      const w = await createWindow(e, e.actor, {
        customerId: ID.customer,
        doorId: e.doorIds[0]!,
        window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 5) },
      });
      await reconcileOnce(e, "w1");
      await advance(e, 2100);
      expect((await grantFor(e, ID.customer, w.window.doorId))!.status).toBe("applied");
      expect(await verifyAuditChain(e.db)).toMatchObject({ ok: true });
    } finally {
      await e.close();
      await handle.pool.end();
    }
  });
});

describe("a database newer than the app", () => {
  it("is refused with a message that says what to do, in-process and by a real worker process", {
    timeout: 60_000,
  }, async () => {
    const url = await emptyDatabase();
    const handle = connect(url, 1);
    await runMigrations(handle.db);
    const newest = Math.max(...knownMigrations().map((m) => m.folderMillis));
    await handle.pool.query("insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', $1)", [
      newest + 60_000,
    ]);
    await expect(runMigrations(handle.db)).rejects.toThrow(/upgraded by a newer Portier.*Refusing to start/s);
    await handle.pool.end();

    const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = spawn(
        path.join(process.cwd(), "node_modules", ".bin", "tsx"),
        ["--conditions=react-server", "scripts/worker.ts"],
        {
          env: { ...process.env, DATABASE_URL: url, DEMO_SEED: "off", NUKI_API_TOKEN: "" },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let text = "";
      child.stdout.on("data", (d) => (text += d));
      child.stderr.on("data", (d) => (text += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), 40_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, text });
      });
    });
    expect(out.code).not.toBe(0);
    expect(out.text).toContain("This database was upgraded by a newer Portier");
  });
});
