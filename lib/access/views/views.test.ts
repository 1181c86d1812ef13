import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { assertMayReadCustomer, INVITE_VALIDITY_MS, inviteState } from "./customer-access";
import { activityCsv, describeAction } from "./lock-activity";

const T = Date.parse("2026-05-01T10:00:00Z");
const app = (o: Partial<Parameters<typeof inviteState>[0]> = {}) =>
  ({ credential: "app", status: "applied", appliedAt: new Date(T), observed: null, ...o }) as Parameters<
    typeof inviteState
  >[0];

describe("invite state (what the portal says about a Nuki app invite)", () => {
  it("keypad grants have no invite", () => {
    expect(inviteState(app({ credential: "keypad" }), T)).toEqual({ state: "not_sent", sentAt: null, expiresAt: null });
  });
  it("not applied yet: sending, or not sent when the grant is being removed", () => {
    expect(inviteState(app({ appliedAt: null, status: "pending" }), T)).toEqual({
      state: "sending",
      sentAt: null,
      expiresAt: null,
    });
    expect(inviteState(app({ appliedAt: null, status: "removed" }), T).state).toBe("not_sent");
  });
  it("sent until 48 h after it landed, then expired — unless it was redeemed", () => {
    const expiresAt = new Date(T + INVITE_VALIDITY_MS);
    expect(INVITE_VALIDITY_MS).toBe(48 * 3_600_000);
    expect(inviteState(app(), T)).toEqual({ state: "sent", sentAt: new Date(T), expiresAt });
    expect(inviteState(app(), T + INVITE_VALIDITY_MS).state).toBe("sent");
    expect(inviteState(app(), T + INVITE_VALIDITY_MS + 1).state).toBe("expired");
    const used = { lockCount: 1, lastActiveDate: null };
    expect(inviteState(app({ observed: used }), T + 3 * INVITE_VALIDITY_MS)).toEqual({
      state: "accepted",
      sentAt: new Date(T),
      expiresAt,
    });
    expect(inviteState(app({ observed: { lockCount: 0, lastActiveDate: "2026-05-01T11:00:00Z" } }), T).state).toBe(
      "accepted",
    );
    expect(inviteState(app({ observed: { lockCount: 0, lastActiveDate: null } }), T).state).toBe("sent");
  });
});

describe("who may read a customer", () => {
  const customer: Actor = { id: "u", role: "customer", label: "c", customerId: "c1" };
  it("a customer only themself; staff by permission", () => {
    expect(() => assertMayReadCustomer(customer, "c1")).not.toThrow();
    expect(() => assertMayReadCustomer(customer, "c2")).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    for (const role of ["admin", "manager", "staff"] as const)
      expect(() => assertMayReadCustomer({ ...customer, role, customerId: null }, "c2")).not.toThrow();
  });
});

describe("activity wording and CSV", () => {
  it("names every action and trigger Nuki sends, and says so when it does not know one", () => {
    expect(
      [
        [1, 255],
        [2, 0],
        [3, 1],
        [4, 2],
        [5, 3],
        [1, 4],
        [1, 5],
        [1, 6],
        [1, 7],
        [9, 42],
      ].map(([a, t]) => describeAction(a!, t!)),
    ).toEqual([
      "unlock via keypad",
      "lock via system",
      "unlatch via manual",
      "lock 'n' go via button",
      "lock 'n' go + unlatch via automatic",
      "unlock via web",
      "unlock via app",
      "unlock via auto lock",
      "unlock via accessory",
      "action 9 via trigger 42",
    ]);
  });
  it("quotes every cell, doubles quotes, defuses formulas, and ends each row with CRLF", () => {
    const at = new Date("2026-05-01T10:00:00.000Z");
    const row = (o: object) => ({
      at,
      doorName: "Door",
      customerId: null,
      customerName: null,
      authName: null,
      action: 1,
      trigger: 255,
      state: 0,
      what: "unlock via keypad",
      ok: true,
      ...o,
    });
    const csv = activityCsv([
      row({ customerName: '=HYPERLINK("x")', authName: "+1", doorName: "-2" }),
      row({ customerName: "@cmd", ok: false, doorName: 'Say "hi"' }),
    ]);
    expect(csv).toBe(
      [
        '"time (UTC)","door","customer","auth name","what","result"',
        `"2026-05-01T10:00:00.000Z","'-2","'=HYPERLINK(""x"")","'+1","unlock via keypad","opened"`,
        `"2026-05-01T10:00:00.000Z","Say ""hi""","'@cmd","","unlock via keypad","refused"`,
        "",
      ].join("\r\n"),
    );
  });
});
