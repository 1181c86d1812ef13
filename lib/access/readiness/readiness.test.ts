import { describe, expect, it } from "vitest";
import { ALL_DAYS } from "@/lib/model/weekdays";
import { type ReadinessInput, readiness } from "./readiness";

const H = 3_600_000;
const NOW = Date.parse("2026-11-29T08:00:00Z");
const occ = { start: NOW + 3 * H, end: NOW + 5 * H };
const onceAuth = (start: number, end: number) => ({
  allowedFromDate: new Date(start).toISOString(),
  allowedUntilDate: new Date(end).toISOString(),
  allowedWeekDays: ALL_DAYS,
  allowedFromTime: 0,
  allowedUntilTime: 0,
});

/** A ready arrival: online lock, healthy battery, the grant applied with an auth covering the arrival. */
function input(over: {
  door?: Partial<ReadinessInput["door"]>;
  grant?: Partial<NonNullable<ReadinessInput["grant"]>> | null;
  invite?: ReadinessInput["invite"];
  tokenRefused?: boolean;
}): ReadinessInput {
  return {
    occurrence: occ,
    timeZone: "Europe/Berlin",
    door: {
      online: true,
      offlineSince: null,
      batteryCritical: false,
      keypadBatteryCritical: null,
      archivedAt: null,
      ...over.door,
    },
    grant:
      over.grant === null
        ? null
        : {
            status: "applied",
            credential: "keypad",
            lastError: null,
            statusChangedAt: new Date(NOW - H),
            desired: onceAuth(occ.start, occ.end),
            desiredUntil: new Date(occ.end),
            awaitingLockSince: null,
            ...over.grant,
          },
    invite: over.invite ?? null,
    tokenRefused: over.tokenRefused,
  };
}
const codes = (i: ReadinessInput) => readiness(i).reasons.map((r) => r.code);

describe("arrival readiness", () => {
  it("is ready when the lock confirmed an auth covering the arrival and nothing else is wrong", () => {
    expect(readiness(input({}))).toEqual({ state: "ready", reasons: [] });
  });

  it("is at risk while the guest's access message is held (the desk hands it over unless the lock confirms in time)", () => {
    const held = readiness({ ...input({}), messageHeldAt: new Date(NOW - H) });
    expect(held.state).toBe("at_risk");
    expect(held.reasons).toEqual([{ code: "message_held", severity: "at_risk", at: NOW - H, detail: null, fixes: [] }]);
    expect(readiness({ ...input({}), messageHeldAt: null }).state).toBe("ready");
  });

  it.each([
    ["lock_removed", { door: { archivedAt: new Date(NOW - H) } }],
    ["lock_offline", { door: { online: false, offlineSince: new Date(NOW - 2 * H) } }],
    ["no_access", { grant: null }],
    ["no_access", { grant: { desired: null, status: "removing" } }],
    ["grant_failed", { grant: { status: "failed", lastError: "Nuki: 422 invalid" } }],
    ["token_refused", { tokenRefused: true, grant: { status: "pending" } }],
    ["window_not_covered", { grant: { desired: onceAuth(NOW - 5 * H, NOW - 4 * H), desiredUntil: null } }],
    ["invite_expired", { grant: { credential: "app" }, invite: "expired" }],
  ] as const)("%s makes it not ready", (code, over) => {
    const r = readiness(input(over as Parameters<typeof input>[0]));
    expect(r.state).toBe("not_ready");
    expect(r.reasons.find((x) => x.code === code)?.severity).toBe("not_ready");
  });

  it.each([
    ["not_confirmed", { grant: { status: "pending" } }],
    ["awaiting_lock", { grant: { status: "awaiting_lock", awaitingLockSince: new Date(NOW - H) } }],
    ["rotation_pending", { grant: { desired: onceAuth(NOW - H, NOW + H), desiredUntil: new Date(NOW + H) } }],
    ["invite_not_accepted", { grant: { credential: "app" }, invite: "sent" }],
    ["battery_critical", { door: { batteryCritical: true } }],
    ["keypad_battery_critical", { door: { keypadBatteryCritical: true } }],
  ] as const)("%s makes it at risk", (code, over) => {
    const i = input(over as Parameters<typeof input>[0]);
    expect(readiness(i).state).toBe("at_risk");
    expect(codes(i)).toEqual([code]);
  });

  it("says when: offline since, rotation at", () => {
    const off = readiness(input({ door: { online: false, offlineSince: new Date(NOW - 2 * H) } }));
    expect(off.reasons[0]).toMatchObject({ code: "lock_offline", at: NOW - 2 * H });
    const rot = readiness(input({ grant: { desired: onceAuth(NOW - H, NOW + H), desiredUntil: new Date(NOW + H) } }));
    expect(rot.reasons[0]).toMatchObject({ code: "rotation_pending", at: NOW + H });
  });

  it("a token refusal only matters while something is still to be sent", () => {
    expect(readiness(input({ tokenRefused: true })).state).toBe("ready");
  });

  it("a keypad battery only matters to keypad customers; an accepted invite is ready", () => {
    expect(
      readiness(input({ door: { keypadBatteryCritical: true }, grant: { credential: "app" }, invite: "accepted" }))
        .state,
    ).toBe("ready");
  });

  it("offers the fix that exists: retry, new code for a code clash, re-send or keypad for an invite", () => {
    const fixes = (over: Parameters<typeof input>[0]) => readiness(input(over)).reasons.flatMap((r) => r.fixes);
    expect(fixes({ grant: { status: "failed", lastError: "Nuki: 409" } })).toEqual(["retry"]);
    expect(fixes({ grant: { status: "failed", lastError: "The code is already used on this lock" } })).toEqual([
      "new_code",
    ]);
    expect(fixes({ grant: { credential: "app" }, invite: "sent" })).toEqual(["resend_invite", "switch_to_keypad"]);
    expect(fixes({ grant: { status: "pending" } })).toEqual(["retry"]);
  });

  it("a parked grant on a lock that is back online is not confirmed yet", () => {
    expect(codes(input({ grant: { status: "lock_offline" } }))).toEqual(["not_confirmed"]);
  });

  it("the daily minutes of a pattern count on the lock's clock", () => {
    // The arrival is 11:00 UTC = 12:00 in Berlin (CET): a daily 11:00–13:00 covers it, 13:00–15:00 does not.
    const pattern = (from: number, until: number) => ({
      allowedFromDate: null,
      allowedUntilDate: null,
      allowedWeekDays: ALL_DAYS,
      allowedFromTime: from,
      allowedUntilTime: until,
    });
    expect(readiness(input({ grant: { desired: pattern(660, 780), desiredUntil: null } })).state).toBe("ready");
    expect(codes(input({ grant: { desired: pattern(780, 900), desiredUntil: null } }))).toEqual(["window_not_covered"]);
  });
});
