import "server-only";
import { and, eq, inArray, isNotNull, notInArray, sql } from "drizzle-orm";
import { unmanagedAuths } from "@/db/schema";
import type { NukiAuth } from "@/lib/nuki/schemas";
import { AUTH_TYPE } from "@/lib/nuki/schemas";
import type { EngineContext } from "../context";

/**
 * Auth types a resync lists: Portier's two (app, keypad code) and the other credentials a person
 * may hold on a lock (fob, Z-key), so staff see everything that opens the door. Bridge and keypad
 * *devices* are hardware pairings, not people: not listed.
 */
export const LISTED_AUTH_TYPES = [AUTH_TYPE.app, AUTH_TYPE.fob, AUTH_TYPE.keypadCode, AUTH_TYPE.zKey] as const;

/** At most this many account-user pages (50 each) are read per resync for unmanaged app users' emails. */
const MAX_ACCOUNT_USER_PAGES = 40;

/** Auth ids staff chose to leave alone: the resync never deletes these, whatever their name says. */
export async function leftAloneAuthIds(e: EngineContext): Promise<Set<string>> {
  const rows = await e.db
    .select({ id: unmanagedAuths.nukiAuthId })
    .from(unmanagedAuths)
    .where(eq(unmanagedAuths.state, "left_alone"));
  return new Set(rows.map((r) => r.id));
}

/**
 * Emails of the Nuki account users behind unmanaged app auths (Nuki's auth carries only the id).
 * Read only when an unmanaged app auth's user is not known yet, so a quiet building costs no call.
 */
export async function accountUserEmails(e: EngineContext, foreign: NukiAuth[]): Promise<Map<number, string>> {
  const ids = [
    ...new Set(foreign.flatMap((a) => (a.type === AUTH_TYPE.app && a.accountUserId ? [a.accountUserId] : []))),
  ];
  const out = new Map<number, string>();
  if (!ids.length) return out;
  const known = await e.db
    .select({ id: unmanagedAuths.accountUserId, email: unmanagedAuths.accountUserEmail })
    .from(unmanagedAuths)
    .where(and(inArray(unmanagedAuths.accountUserId, ids), isNotNull(unmanagedAuths.accountUserEmail)));
  for (const k of known) out.set(k.id!, k.email!);
  if (ids.every((id) => out.has(id))) return out;
  // Nuki clamps the page size silently: a short page is not the end, only an empty one is (§1.4).
  for (let page = 0, offset = 0; page < MAX_ACCOUNT_USER_PAGES; page++) {
    const users = await e.nuki.listAccountUsers({ offset, limit: 50 });
    for (const u of users) out.set(u.accountUserId, u.email.toLowerCase());
    if (!users.length || ids.every((id) => out.has(id))) break;
    offset += users.length;
  }
  return out;
}

/**
 * Records what a lock holds that Portier does not manage (called by the resync per door): new
 * auths appear as "unmanaged", known ones get their fresh name/restrictions (staff's decision is
 * kept), and rows for auths gone from the lock disappear — except adopted ones, kept as history.
 * Keypad codes are kept only as keyed per-door fingerprints.
 */
export async function refreshUnmanaged(
  e: EngineContext,
  doorId: string,
  foreign: NukiAuth[],
  emails: Map<number, string>,
): Promise<void> {
  const now = new Date(e.now());
  const listed = foreign.filter((a) => (LISTED_AUTH_TYPES as readonly number[]).includes(a.type));
  if (listed.length) {
    const rows = listed.map((a) => ({
      doorId,
      nukiAuthId: a.id,
      lockAuthId: a.authId ?? null,
      name: a.name,
      type: a.type,
      enabled: a.enabled,
      allowedFromDate: a.allowedFromDate ? new Date(a.allowedFromDate) : null,
      allowedUntilDate: a.allowedUntilDate ? new Date(a.allowedUntilDate) : null,
      allowedWeekDays: a.allowedWeekDays ?? 0,
      allowedFromTime: a.allowedFromTime ?? 0,
      allowedUntilTime: a.allowedUntilTime ?? 0,
      accountUserId: a.accountUserId ?? null,
      accountUserEmail: a.accountUserId ? (emails.get(a.accountUserId) ?? null) : null,
      codeHmac: a.type === AUTH_TYPE.keypadCode && a.code != null ? e.vault.doorHmac(doorId, a.code) : null,
      lastActiveAt: a.lastActiveDate ? new Date(a.lastActiveDate) : null,
      firstSeenAt: now,
      lastSeenAt: now,
    }));
    const x = (c: string) => sql.raw(`excluded.${c}`);
    await e.db
      .insert(unmanagedAuths)
      .values(rows)
      .onConflictDoUpdate({
        target: [unmanagedAuths.doorId, unmanagedAuths.nukiAuthId],
        set: {
          lockAuthId: x("lock_auth_id"),
          name: x("name"),
          type: x("type"),
          enabled: x("enabled"),
          allowedFromDate: x("allowed_from_date"),
          allowedUntilDate: x("allowed_until_date"),
          allowedWeekDays: x("allowed_week_days"),
          allowedFromTime: x("allowed_from_time"),
          allowedUntilTime: x("allowed_until_time"),
          accountUserId: x("account_user_id"),
          accountUserEmail: sql`coalesce(excluded.account_user_email, ${unmanagedAuths.accountUserEmail})`,
          codeHmac: x("code_hmac"),
          lastActiveAt: x("last_active_at"),
          lastSeenAt: x("last_seen_at"),
          // Adopted, but no grant holds it any more (the customer was deleted): it is unmanaged again.
          state: sql`case when ${unmanagedAuths.state} = 'adopted' and not exists (select 1 from grants g where g.nuki_auth_id = excluded.nuki_auth_id) then 'unmanaged'::unmanaged_auth_state else ${unmanagedAuths.state} end`,
        },
      });
  }
  await e.db.delete(unmanagedAuths).where(
    and(
      eq(unmanagedAuths.doorId, doorId),
      inArray(unmanagedAuths.state, ["unmanaged", "left_alone"]),
      listed.length
        ? notInArray(
            unmanagedAuths.nukiAuthId,
            listed.map((a) => a.id),
          )
        : undefined,
    ),
  );
}
