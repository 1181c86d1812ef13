import "server-only";
import { eq } from "drizzle-orm";
import { doors, grants } from "@/db/schema";
import type { NukiAuth } from "@/lib/nuki/schemas";
import type { EngineContext } from "../context";
import { doorCodeChecker } from "../codes/door-code-taken";
import { chooseDoorCode } from "../codes/generate-code";
import { lockPairs } from "../windows/pair-lock";
import type { ClaimedGrant } from "./claim";
import { matchAuth, PORTIER_AUTH_TYPES } from "../observations/observe";
import { recordObservation } from "../observations/record-observation";

/** Above this many locks one account-wide paged listing is cheaper than one listing per lock. */
const PER_LOCK_LIMIT = 5;

/** The auths on the given locks, read from Nuki with as few calls as possible. */
export async function readLockAuths(e: EngineContext, smartlockIds: number[]): Promise<Map<number, NukiAuth[]>> {
  const byLock = new Map<number, NukiAuth[]>(smartlockIds.map((id) => [id, []]));
  const all =
    smartlockIds.length > PER_LOCK_LIMIT
      ? await e.nuki.listAllAuthsPaged({ types: [...PORTIER_AUTH_TYPES] })
      : (
          await Promise.all(smartlockIds.map((id) => e.nuki.listLockAuths(id, { types: [...PORTIER_AUTH_TYPES] })))
        ).flat();
  for (const a of all) byLock.get(a.smartlockId)?.push(a);
  return byLock;
}

/**
 * Applies what a lock really holds to the claimed grants on it (in memory and in the database).
 * An auth whose change is still travelling (operationId set / no slot yet) only lends its id.
 * A keypad code held by someone else's auth moves this grant to another code on this door.
 */
export async function applyReadback(
  e: EngineContext,
  workerId: string,
  grantsOnLock: ClaimedGrant[],
  auths: NukiAuth[],
): Promise<void> {
  for (const g of grantsOnLock) {
    const match = matchAuth(g, auths, e.vault);
    if (match?.foreign) {
      await moveToFreeCode(e, g, match.auth);
      continue;
    }
    const r = await recordObservation(e, g, match ? { kind: "auth", auth: match.auth } : { kind: "absent" }, {
      source: "readback",
      workerId,
    });
    g.inFlightSeen = r.outcome === "travelling";
  }
}

/** Someone else's auth holds this grant's code on this lock: pick a free code for this door (new desired version). */
async function moveToFreeCode(e: EngineContext, g: ClaimedGrant, foreign: NukiAuth) {
  await e.db.transaction(async (tx) => {
    await lockPairs(tx, [g]);
    const foreignHmac = e.vault.doorHmac(g.doorId, foreign.code!);
    const [door] = await tx.select({ foreign: doors.foreignCodeHmacs }).from(doors).where(eq(doors.id, g.doorId));
    await tx
      .update(doors)
      .set({ foreignCodeHmacs: [...new Set([...(door?.foreign ?? []), foreignHmac])] })
      .where(eq(doors.id, g.doorId));
    const { code } = await chooseDoorCode(
      foreign.code!,
      await doorCodeChecker(tx, e.vault, g.doorId, { alsoTaken: [foreignHmac] }),
    );
    const [updated] = await tx
      .update(grants)
      .set({
        codeEnc: e.vault.encrypt(code),
        codeHmac: e.vault.doorHmac(g.doorId, code),
        desiredVersion: g.desiredVersion + 1,
        sentVersion: null,
        sentAt: null,
        sentOp: null,
        needsReadback: false,
        awaitingLockSince: null,
        nukiAuthId: null,
        observed: null,
        lastError:
          "This door already had the customer's code for someone else; a different code was chosen for this door.",
      })
      .where(eq(grants.id, g.id))
      .returning();
    Object.assign(g, updated);
  });
}
