import "server-only";
import { and, eq, or, sql } from "drizzle-orm";
import { doors, grants } from "@/db/schema";
import { AUTH_TYPE, type NukiAuth } from "@/lib/nuki/schemas";
import type { AccessContext } from "../context";
import { accountUserOfDoor, loadGrantFacts } from "../observations/grant-facts";
import { isPortierAuthType, matchAuth } from "../observations/observe";
import { recordObservation } from "../observations/record-observation";
import { requestLockReadback } from "../observations/request-readback";

/**
 * DEVICE_AUTHS: an auth was created, changed or deleted on a lock. Records what it says about the
 * grant that owns the auth — never backwards (an older updateDate than the one we hold is a
 * reordered or replayed delivery and changes nothing) — and wakes the grant so the reconciler re-decides.
 */
export async function applyAuthEvent(ctx: AccessContext, event: { deleted: boolean; smartlockAuth: NukiAuth }) {
  const auth = event.smartlockAuth;
  if (!isPortierAuthType(auth.type)) return "ignored: not an app or keypad auth";
  const [door] = await ctx.db.select().from(doors).where(eq(doors.smartlockId, auth.smartlockId));
  if (!door) return "ignored: unknown lock";
  const codeHmac =
    auth.type === AUTH_TYPE.keypadCode && auth.code != null ? ctx.vault.doorHmac(door.id, auth.code) : null;
  const candidates = await loadGrantFacts(
    ctx.db,
    and(
      eq(grants.doorId, door.id),
      or(
        eq(grants.nukiAuthId, auth.id),
        codeHmac ? eq(grants.codeHmac, codeHmac) : sql`false`,
        auth.accountUserId != null
          ? and(eq(grants.credential, "app"), sql`${accountUserOfDoor} = ${auth.accountUserId}`)
          : sql`false`,
      ),
    ),
  );
  const g = candidates.find((c) => {
    const m = matchAuth(c, [auth], ctx.vault);
    return m && !m.foreign;
  });
  if (!g) return "ignored: no grant owns this auth";
  // Nuki's facts are ordered by Nuki's own clock (updateDate against the newest updateDate we
  // recorded), never against Portier's: a few minutes of skew must not hide a real change.
  if (!auth.updateDate) {
    await requestLockReadback(ctx, auth.smartlockId);
    return "noted: no updateDate to order it by; reading the lock back";
  }
  if (g.nukiUpdatedAt && Date.parse(auth.updateDate) < g.nukiUpdatedAt.getTime())
    return "ignored: older than what we hold";
  if (event.deleted && g.nukiAuthId && g.nukiAuthId !== auth.id) return "ignored: deletion of an older auth";
  const r = await recordObservation(ctx, g, event.deleted ? { kind: "deleted", auth } : { kind: "auth", auth }, {
    source: "webhook",
  });
  if (r.outcome === "travelling") return "noted: change still travelling to the lock";
  if (r.outcome === "confirmed") return "confirmed";
  if (r.outcome === "unchanged") return "unchanged";
  return "observed: differs from desired";
}
