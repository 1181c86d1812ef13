import "server-only";
import { and, eq, or, sql } from "drizzle-orm";
import { customers, doors, grants } from "@/db/schema";
import type { NukiAuth } from "@/lib/nuki/schemas";
import type { AccessContext } from "../context";
import { deriveStatus, observedMatches } from "../grants/compare";
import { inFlightOnNuki, matchAuth, toObserved } from "../reconciler/observe";

/**
 * DEVICE_AUTHS: an auth was created, changed or deleted on a lock. Updates the matching grant's
 * observed state — never backwards (an older updateDate than the one we hold is a reordered or
 * replayed delivery and changes nothing) — and wakes the grant so the reconciler re-decides.
 */
export async function applyAuthEvent(ctx: AccessContext, event: { deleted: boolean; smartlockAuth: NukiAuth }) {
  const auth = event.smartlockAuth;
  if (auth.type !== 0 && auth.type !== 13) return "ignored: not an app or keypad auth";
  const [door] = await ctx.db.select().from(doors).where(eq(doors.smartlockId, auth.smartlockId));
  if (!door) return "ignored: unknown lock";
  const codeHmac = auth.type === 13 && auth.code != null ? ctx.vault.doorHmac(door.id, auth.code) : null;
  const candidates = await ctx.db
    .select({ grant: grants, tag: customers.tag, accountUserId: customers.nukiAccountUserId })
    .from(grants)
    .innerJoin(customers, eq(customers.id, grants.customerId))
    .where(
      and(
        eq(grants.doorId, door.id),
        or(
          eq(grants.nukiAuthId, auth.id),
          codeHmac ? eq(grants.codeHmac, codeHmac) : sql`false`,
          auth.accountUserId != null
            ? and(eq(grants.credential, "app"), eq(customers.nukiAccountUserId, auth.accountUserId))
            : sql`false`,
        ),
      ),
    );
  const hit = candidates.find((c) => {
    const m = matchAuth({ ...c.grant, customerTag: c.tag, accountUserId: c.accountUserId }, [auth], ctx.vault);
    return m && !m.foreign;
  });
  if (!hit) return "ignored: no grant owns this auth";
  const g = hit.grant;
  const now = ctx.now();

  // observedAt holds the time of the newest observation (Nuki's updateDate, or when we read back):
  // anything older is a reordered or replayed delivery.
  const remoteAt = auth.updateDate ? Date.parse(auth.updateDate) : now;
  if (g.observedAt && remoteAt < g.observedAt.getTime()) return "ignored: older than what we hold";
  if (event.deleted && g.nukiAuthId && g.nukiAuthId !== auth.id) return "ignored: deletion of an older auth";
  if (!event.deleted && inFlightOnNuki(auth)) {
    if (!g.nukiAuthId) await ctx.db.update(grants).set({ nukiAuthId: auth.id }).where(eq(grants.id, g.id));
    return "noted: change still travelling to the lock";
  }
  const observed = event.deleted ? null : toObserved(auth, g, ctx.vault);
  const matches = observedMatches(g.desired, observed);
  const status = deriveStatus({ desired: g.desired, observed, doorOnline: door.online, failed: g.status === "failed" });
  await ctx.db
    .update(grants)
    .set({
      observed,
      observedAt: new Date(remoteAt),
      nukiAuthId: event.deleted ? null : auth.id,
      status,
      statusChangedAt: status !== g.status ? new Date(now) : g.statusChangedAt,
      // A confirmed deletion ends the in-flight delete (e.g. the first half of re-sending an invite).
      ...(event.deleted && g.sentOp === "delete" ? { sentVersion: null, sentAt: null, sentOp: null } : {}),
      ...(matches
        ? {
            sentVersion: null,
            sentAt: null,
            sentOp: null,
            attempts: 0,
            lastError: null,
            appliedAt: status === "applied" && g.status !== "applied" ? new Date(now) : g.appliedAt,
            nextRunAt: g.desired ? g.desiredUntil : null,
          }
        : { nextRunAt: g.nextRunAt && g.nextRunAt.getTime() < now ? g.nextRunAt : new Date(now) }),
    })
    .where(and(eq(grants.id, g.id), eq(grants.desiredVersion, g.desiredVersion)));
  if (!matches) ctx.wake();
  return matches ? "confirmed" : "observed: differs from desired";
}
