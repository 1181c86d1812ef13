import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { listAudit } from "@/lib/access/directory/audit";
import { getCustomer, listCustomers } from "@/lib/access/directory/customers";
import { customers, grants } from "@/db/schema";
import { regenerateCode } from "@/lib/access/codes/regenerate-code";
import { revealCodes } from "@/lib/access/codes/reveal-codes";
import { resendInvite } from "@/lib/access/grants/resend-invite";
import { retryGrant } from "@/lib/access/grants/retry-grant";
import { createIcalLink, requestNewInvite } from "@/lib/access/portal/portal-actions";
import { icalFeed } from "@/lib/access/portal/ical";
import { atRisk } from "@/lib/access/views/at-risk";
import { calendarView } from "@/lib/access/views/calendar-view";
import { customerAccess } from "@/lib/access/views/customer-access";
import { doorOverview } from "@/lib/access/views/door-overview";
import { grantStatuses } from "@/lib/access/views/grant-statuses";
import { lockActivity } from "@/lib/access/views/lock-activity";
import { previewSchedule } from "@/lib/access/views/preview-schedule";
import { timelineSites, timelineView } from "@/lib/access/views/timeline-view";
import { bulkAssign, bulkJobStatus, startBulkAssign } from "@/lib/access/windows/bulk-assign";
import { createWindow, createWindows } from "@/lib/access/windows/create-window";
import { deleteWindow } from "@/lib/access/windows/delete-window";
import { updateWindow } from "@/lib/access/windows/update-window";
import {
  getRetentionSettings,
  RETENTION_DEFAULTS,
  updateRetentionSettings,
} from "@/lib/access/retention/retention-settings";
import { listUsers, updateUser } from "@/lib/auth/manage-users";
import { inviteStaff, openInvites, reinviteStaff, revokeInvite } from "@/lib/auth/staff-invites";
import { listHandover } from "@/lib/access/feeds/handover";
import { listFeeds } from "@/lib/access/feeds/list-feeds";
import { createFeed } from "@/lib/access/feeds/manage-feeds";
import { listApiKeys } from "@/lib/access/api-keys/keys";
import { listConnections } from "@/lib/access/connections/list-connections";
import {
  removeConnection,
  rotateConnectionToken,
  setConnectionDisabled,
  testConnectionToken,
  updateConnectionBudget,
} from "@/lib/access/connections/manage-connections";
import { listDeliveries, listEndpoints, resendDelivery } from "@/lib/access/outbound-webhooks/endpoints";
import { customersPage } from "@/lib/access/public-api/pages";
import { windowStatusPage } from "@/lib/access/public-api/window-status";
import { ROLES, type Actor, type Permission, type Role } from "@/lib/auth/permissions";
import { createEngine, hoursFromNow, type Engine } from "./engine";

/**
 * Security inventory (reliability-performance.md §8 S1/S2): every server action and route handler
 * is listed here with what guards it, so a new one without an entry fails this suite; then every
 * data path is called as one customer with another customer's ids, and as every role.
 */
const ACTIONS: Record<string, Record<string, Permission | "public" | "session">> = {
  "app/actions/windows.ts": {
    createWindowAction: "access.write",
    createWindowsAction: "access.write",
    updateWindowAction: "access.write",
    deleteWindowAction: "access.write",
    bulkAssignAction: "access.write",
    bulkJobStatusAction: "access.read",
    previewScheduleAction: "access.read",
    retryGrantAction: "access.write",
    editOccurrenceAction: "access.write",
  },
  "app/actions/customers.ts": {
    revealCodesAction: "codes.reveal",
    regenerateCodeAction: "customers.write",
    resendInviteAction: "customers.write",
    createCustomerAction: "customers.write",
    updateCustomerAction: "customers.write",
  },
  "app/actions/customer-import.ts": {
    previewCustomerImportAction: "customers.write",
    importCustomersAction: "customers.write",
  },
  "app/actions/adopt.ts": {
    adoptAuthAction: "doors.write",
    leaveAloneAction: "doors.write",
    bulkAdoptAction: "doors.write",
  },
  "app/actions/session.ts": { signOutAction: "session" },
  "app/actions/users.ts": {
    updateUserAction: "users.admin",
    inviteStaffAction: "users.admin",
    reinviteStaffAction: "users.admin",
    revokeInviteAction: "users.admin",
  },
  // Nobody can sign in yet / the invitee has no password yet: the one-time link is the credential
  // (hash lookup, single use, throttled per address — lib/auth/setup-link.ts, staff-invites.ts).
  "app/setup/actions.ts": { completeSetupAction: "public", acceptInviteAction: "public" },
  "app/actions/settings.ts": { updateRetentionAction: "settings.admin" },
  "app/actions/sites.ts": {
    createSiteAction: "doors.write",
    updateSiteAction: "doors.write",
    deleteSiteAction: "doors.write",
    createDoorGroupAction: "doors.write",
    renameDoorGroupAction: "doors.write",
    deleteDoorGroupAction: "doors.write",
    moveDoorsAction: "doors.write",
  },
  "app/actions/feeds.ts": {
    previewFeedAction: "access.write",
    createFeedAction: "access.write",
    updateFeedAction: "access.write",
    setFeedStateAction: "access.write",
    confirmVanishedAction: "access.write",
    pollFeedNowAction: "access.write",
    deleteFeedAction: "access.write",
    handOverCodeAction: "customers.write",
  },
  "app/actions/api-keys.ts": { createApiKeyAction: "settings.admin", revokeApiKeyAction: "settings.admin" },
  "app/actions/nuki-connections.ts": {
    testNukiTokenAction: "settings.admin",
    createNukiConnectionAction: "settings.admin",
    rotateNukiTokenAction: "settings.admin",
    updateNukiBudgetAction: "settings.admin",
    setNukiConnectionDisabledAction: "settings.admin",
    removeNukiConnectionAction: "settings.admin",
  },
  "app/actions/webhooks.ts": {
    createWebhookEndpointAction: "settings.admin",
    updateWebhookEndpointAction: "settings.admin",
    resendWebhookDeliveryAction: "settings.admin",
  },
  "app/actions/doors.ts": { syncFromNukiAction: "doors.write" },
  "app/login/actions.ts": { loginAction: "public" },
  "app/(portal)/portal/actions.ts": {
    requestLinkAction: "public",
    signInWithLinkAction: "public",
    revealMyCodeAction: "portal.self",
    requestNewInviteAction: "portal.self",
    createIcalLinkAction: "portal.self",
  },
};
const ROUTES: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "Auth.js",
  "app/api/calendar/route.ts": "access.read",
  "app/api/timeline/route.ts": "access.read + doors.read",
  "app/api/grants/route.ts": "access.read",
  "app/api/activity/route.ts": "activity.read",
  "app/api/customers/export/route.ts": "customers.read",
  "app/api/customers/windows-export/route.ts": "customers.read + access.read",
  "app/api/webhooks/nuki/route.ts": "HMAC signature",
  // One URL per Nuki connection: that connection's own secret only (lib/access/webhooks/connection-secrets.ts).
  "app/api/webhooks/nuki/[connectionId]/route.ts": "HMAC signature (the connection's own secret)",
  "app/api/ical/[token]/route.ts": "secret feed token",
  "app/api/health/route.ts": "public: liveness only, reads nothing",
  "app/api/ready/route.ts": "public: check states, no data and no secret",
  "app/api/metrics/route.ts": "METRICS_TOKEN bearer (404 when unset)",
  // The public API: an API key (scope read / read_write) per request, checked in lib/api/serve.ts;
  // then the same domain functions (and permission checks) as the staff UI.
  "app/api/v1/customers/route.ts": "API key",
  "app/api/v1/doors/route.ts": "API key",
  "app/api/v1/sites/route.ts": "API key",
  "app/api/v1/windows/route.ts": "API key",
  "app/api/v1/windows/[id]/route.ts": "API key",
  "app/api/v1/windows/[id]/status/route.ts": "API key",
  "app/api/v1/status/route.ts": "API key",
  "app/api/v1/openapi.json/route.ts": "public (describes the API, holds no data)",
};

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

describe("inventory", () => {
  const all = [...files("app")];
  it("lists every server action with its guard", () => {
    const found: Record<string, string[]> = {};
    for (const f of all.filter((f) => /\.tsx?$/.test(f) && readFileSync(f, "utf8").startsWith('"use server"'))) {
      found[f] = [...readFileSync(f, "utf8").matchAll(/export (?:const|async function) (\w+)/g)]
        .map((m) => m[1]!)
        .sort();
    }
    expect(Object.fromEntries(Object.entries(ACTIONS).map(([f, a]) => [f, Object.keys(a).sort()]))).toEqual(found);
  });
  it("lists every route handler with its guard", () => {
    expect(all.filter((f) => f.endsWith("route.ts")).sort()).toEqual(Object.keys(ROUTES).sort());
  });
  it("guards every action that declares a permission in code, not only in this table", () => {
    for (const [file, actions] of Object.entries(ACTIONS)) {
      const src = readFileSync(file, "utf8");
      for (const [name, guard] of Object.entries(actions)) {
        if (guard === "public" || guard === "session") continue;
        expect(src, `${name} in ${file}`).toMatch(
          new RegExp(`export const ${name} = defineAction\\(\\{[\\s\\S]*?permission: "${guard.replace(".", "\\.")}"`),
        );
      }
    }
  });
});

let e: Engine;
let A: Actor, B: Actor;
let bWindow: { id: string; version: number };
let bGrantId: string;
let bIcalToken: string;

beforeAll(async () => {
  e = await createEngine({ doors: 2, customers: 2, credential: "keypad" });
  const [a, b] = e.customerIds as [string, string];
  A = { id: "00000000-0000-4000-8000-00000000000a", role: "customer", label: "A", customerId: a };
  B = { id: "00000000-0000-4000-8000-00000000000b", role: "customer", label: "B", customerId: b };
  const w = await createWindow(e, e.actor, {
    customerId: b,
    doorId: e.doorIds[0]!,
    window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 2) },
  });
  await createWindow(e, e.actor, {
    customerId: a,
    doorId: e.doorIds[0]!,
    window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 2) },
  });
  bWindow = { id: w.window.id, version: w.window.version };
  bGrantId = w.grants[0]!.id;
  await e.db.update(grants).set({ credential: "app" }).where(eq(grants.id, bGrantId));
  bIcalToken = (await createIcalLink(e, B, "http://x")).url.split("/").pop()!;
});
afterAll(async () => e?.close());

const denied = async (p: Promise<unknown>) => {
  const r = await p.then(
    () => "allowed",
    (err: { code?: string }) => err.code ?? String(err),
  );
  expect(["FORBIDDEN", "NOT_FOUND", "UNAUTHENTICATED"]).toContain(r);
};

describe("customer A can never read or change customer B's data", () => {
  it("on every data path", async () => {
    const [b] = [e.customerIds[1]!];
    const spec = { kind: "once" as const, startsAt: hoursFromNow(e, 5), endsAt: hoursFromNow(e, 6) };
    await denied(customerAccess(e.db, A, b));
    await denied(revealCodes(e, A, b));
    await denied(requestNewInvite(e, A, bGrantId));
    await denied(calendarView(e.db, A, { from: new Date(0), to: new Date(e.now() + 86_400_000) }));
    await denied(timelineView(e.db, A, { from: new Date(0), to: new Date(e.now() + 86_400_000) }));
    await denied(timelineSites(e.db, A));
    await denied(createWindow(e, A, { customerId: b, doorId: e.doorIds[0]!, window: spec }));
    await denied(createWindows(e, A, { customerId: b, doorIds: [e.doorIds[0]!, e.doorIds[1]!], window: spec }));
    await denied(updateWindow(e, A, { windowId: bWindow.id, expectedVersion: bWindow.version, window: spec }));
    await denied(deleteWindow(e, A, { windowId: bWindow.id, expectedVersion: bWindow.version }));
    await denied(bulkAssign(e, A, { customerIds: [b], doorIds: [e.doorIds[0]!], window: spec }));
    const staffJob = await startBulkAssign(e, e.actor, { customerIds: [b], doorIds: [e.doorIds[1]!], window: spec });
    await denied(bulkJobStatus(e.db, A, staffJob.jobId));
    await denied(retryGrant(e, A, bGrantId));
    await denied(regenerateCode(e, A, b));
    await denied(resendInvite(e, A, bGrantId));
    await denied(previewSchedule(e.db, A, { customerId: b, doorId: e.doorIds[0]!, window: spec }));
    await denied(grantStatuses(e.db, A, [bGrantId]));
    await denied(lockActivity(e.db, A, { customerId: b }));
    await denied(atRisk(e.db, A));
    await denied(doorOverview(e.db, A, e.doorIds[0]!));
    await denied(listAudit(e.db, { actor: A }));
    await denied(listCustomers(e.db, { actor: A }));
    await denied(listUsers(e.db, A));
    await denied(updateUser(e.db, A, { userId: e.actor.id, disabled: true }));
    await denied(inviteStaff(e.db, A, { email: "x@staff.test", name: "X", role: "admin", baseUrl: "http://x" }));
    await denied(reinviteStaff(e.db, A, { userId: e.actor.id, baseUrl: "http://x" }));
    await denied(revokeInvite(e.db, A, { userId: e.actor.id }));
    await denied(openInvites(e.db, A));
    await denied(getRetentionSettings(e.db, A));
    await denied(listApiKeys(e.db, A));
    // Nuki accounts: a customer (or any non-admin) can neither read nor change them, nor try a token.
    const neverProbe = async () => {
      throw new Error("a denied caller reached the token probe");
    };
    await denied(listConnections(e.db, A));
    await denied(testConnectionToken(A, { token: "x".repeat(20) }, { probe: neverProbe }));
    await denied(rotateConnectionToken(e, A, { id: "x", token: "x".repeat(20), version: 1 }, { probe: neverProbe }));
    await denied(updateConnectionBudget(e, A, { id: "x", version: 1, requestsPerSec: 1, burst: 1 }));
    await denied(setConnectionDisabled(e, A, { id: "x", disabled: true, version: 1 }));
    await denied(removeConnection(e, A, { id: "x" }));
    await denied(listEndpoints(e.db, A));
    await denied(listDeliveries(e.db, A, "00000000-0000-4000-8000-000000000000"));
    await denied(resendDelivery(e.db, A, "00000000-0000-4000-8000-000000000000"));
    await denied(customersPage(e.db, A, { limit: 10 }));
    await denied(windowStatusPage(e.db, A, { limit: 10, from: new Date(0), to: new Date(e.now() + 86_400_000) }));
    await denied(updateRetentionSettings(e.db, A, { ...RETENTION_DEFAULTS, lockEventsDays: 7 }));
    expect(await getCustomer(e.db, { actor: A, id: b })).toBeNull();
    // B's calendar feed token is B's alone; A's own link does not open B's feed.
    const aToken = (await createIcalLink(e, A, "http://x")).url.split("/").pop()!;
    expect(await icalFeed(e.db, aToken, e.now())).not.toContain(bWindow.id);
    expect(await icalFeed(e.db, bIcalToken, e.now())).toContain(bWindow.id);
  });

  it("while A's own data works", async () => {
    const a = e.customerIds[0]!;
    expect((await customerAccess(e.db, A, a, e.now())).windows).toHaveLength(1);
    expect(String((await revealCodes(e, A, a)).code)).toMatch(/^[1-9]{6}$/);
    expect(await getCustomer(e.db, { actor: A, id: a })).toMatchObject({ id: a });
  });
});

describe("role × data path matrix", () => {
  /**
   * Who may call each data path, written out by hand from what each role is for (README: admin —
   * everything; manager — reviews, may reveal codes, changes nothing; staff — schedules and hands
   * out credentials, cannot read codes back; customer — own portal only). Deliberately not derived
   * from can(): a data path that checks the wrong permission, or a permission table that drifts,
   * must fail here.
   */
  const MAY: Record<string, readonly Role[]> = {
    "calendar view": ["admin", "manager", "staff"],
    "timeline view": ["admin", "manager", "staff"],
    preview: ["admin", "manager", "staff"],
    "create window": ["admin", "staff"],
    "create windows on several doors": ["admin", "staff"],
    "reveal code": ["admin", "manager"],
    "regenerate code": ["admin", "staff"],
    activity: ["admin", "manager", "staff"],
    "at risk": ["admin", "manager", "staff"],
    audit: ["admin", "manager"],
    customers: ["admin", "manager", "staff"],
    door: ["admin", "manager", "staff"],
    users: ["admin"],
    "invite staff": ["admin"],
    // Shortening a period deletes history: admins only.
    "retention settings": ["admin"],
    "change retention": ["admin"],
    // A feed creates access like the calendar does; the desk's handover list is for whoever reads customers.
    feeds: ["admin", "manager", "staff"],
    "subscribe feed": ["admin", "staff"],
    "to hand over": ["admin", "manager", "staff"],
    // API keys open the building to other systems: admins only. The API's own reads use the staff rights.
    "api keys": ["admin"],
    "nuki accounts": ["admin"],
    // Webhook endpoints send the building's events to other systems: admins only.
    "webhook endpoints": ["admin"],
    "api customers page": ["admin", "manager", "staff"],
    "api window statuses": ["admin", "manager", "staff"],
  };
  const checks: { name: string; run: (actor: Actor) => Promise<unknown> }[] = [
    {
      name: "calendar view",
      run: (x) => calendarView(e.db, x, { from: new Date(0), to: new Date(e.now() + 86_400_000) }),
    },
    {
      name: "timeline view",
      run: (x) => timelineView(e.db, x, { from: new Date(0), to: new Date(e.now() + 86_400_000) }),
    },
    {
      name: "preview",
      run: (x) =>
        previewSchedule(e.db, x, {
          customerId: e.customerIds[0]!,
          doorId: e.doorIds[1]!,
          window: { kind: "once", startsAt: hoursFromNow(e, 30), endsAt: hoursFromNow(e, 31) },
        }),
    },
    {
      name: "create window",
      run: (x) =>
        createWindow(e, x, {
          customerId: e.customerIds[0]!,
          doorId: e.doorIds[1]!,
          window: {
            kind: "once",
            startsAt: hoursFromNow(e, 40 + Math.random() * 1000),
            endsAt: hoursFromNow(e, 1041 + Math.random()),
          },
        }).then((r) => deleteWindow(e, { ...e.actor }, { windowId: r.window.id, expectedVersion: 1 })),
    },
    {
      name: "create windows on several doors",
      run: (x) =>
        createWindows(e, x, {
          customerId: e.customerIds[0]!,
          doorIds: [e.doorIds[1]!],
          window: {
            kind: "once",
            startsAt: hoursFromNow(e, 2000 + Math.random() * 1000),
            endsAt: hoursFromNow(e, 3001 + Math.random()),
          },
        }).then((rs) =>
          Promise.all(rs.map((r) => deleteWindow(e, { ...e.actor }, { windowId: r.window.id, expectedVersion: 1 }))),
        ),
    },
    { name: "reveal code", run: (x) => revealCodes(e, x, e.customerIds[0]!) },
    { name: "regenerate code", run: (x) => regenerateCode(e, x, e.customerIds[0]!) },
    { name: "activity", run: (x) => lockActivity(e.db, x, {}) },
    { name: "at risk", run: (x) => atRisk(e.db, x) },
    { name: "audit", run: (x) => listAudit(e.db, { actor: x }) },
    { name: "customers", run: (x) => listCustomers(e.db, { actor: x }) },
    { name: "door", run: (x) => doorOverview(e.db, x, e.doorIds[0]!) },
    { name: "users", run: (x) => listUsers(e.db, x) },
    {
      name: "invite staff",
      run: (x) =>
        inviteStaff(e.db, x, {
          email: `invitee-${x.role}-${Math.random().toString(36).slice(2)}@staff.test`,
          name: "Ivy Invitee",
          role: "staff",
          baseUrl: "http://x",
        }),
    },
    { name: "retention settings", run: (x) => getRetentionSettings(e.db, x) },
    { name: "change retention", run: (x) => updateRetentionSettings(e.db, x, RETENTION_DEFAULTS) },
    { name: "feeds", run: (x) => listFeeds(e.db, x) },
    {
      name: "subscribe feed",
      run: (x) =>
        createFeed(e, x, {
          name: `Feed ${Math.random()}`,
          url: "https://www.airbnb.com/calendar/ical/1.ics?s=x",
          doorId: e.doorIds[0]!,
          profile: "airbnb",
        }),
    },
    { name: "to hand over", run: (x) => listHandover(e.db, x, e.now()) },
    { name: "api keys", run: (x) => listApiKeys(e.db, x) },
    { name: "nuki accounts", run: (x) => listConnections(e.db, x) },
    { name: "webhook endpoints", run: (x) => listEndpoints(e.db, x) },
    { name: "api customers page", run: (x) => customersPage(e.db, x, { limit: 10 }) },
    {
      name: "api window statuses",
      run: (x) => windowStatusPage(e.db, x, { limit: 10, from: new Date(0), to: new Date(e.now() + 86_400_000) }),
    },
  ];
  it("has an expectation for every data path it calls", () => {
    expect(checks.map((c) => c.name).sort()).toEqual(Object.keys(MAY).sort());
  });
  // A customer (with no customer record of their own here) may call none of the staff data paths.
  for (const role of ROLES) {
    for (const c of checks) {
      const allowed = MAY[c.name]!.includes(role);
      it(`${role} ${allowed ? "may" : "may not"}: ${c.name}`, async () => {
        const actor: Actor = { ...e.actor, role };
        if (allowed) await c.run(actor);
        else await denied(c.run(actor));
      });
    }
  }
  it("keeps the customers table untouched by denied calls", async () => {
    expect((await e.db.select().from(customers)).length).toBe(2);
  });
});
