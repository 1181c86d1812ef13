import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { accessWindows, customers, doors, grants, type DesiredAuth, type Grant } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { credentialOnDoor } from "@/lib/model/door-capabilities";
import { AUTH_TYPE } from "@/lib/nuki/schemas";
import type { AccessContext } from "../context";
import { doorCodeChecker } from "../codes/door-code-taken";
import { chooseDoorCode, generateKeypadCode } from "../codes/generate-code";
import { compileSchedule } from "../compiler/compile";
import { specOf } from "../windows/window-row";
import { authName } from "./auth-name";
import { deriveStatus } from "./compare";

const sameDesired = (a: DesiredAuth | null, b: DesiredAuth | null) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Recomputes what the lock of `doorId` must hold for `customerId` now, from all of that pair's
 * windows, and records it as the desired state of the pair's grant(s). A changed desired state
 * gets a new version and is due for the reconciler at once. Call under lockPairs().
 */
export async function syncGrants(tx: Tx, ctx: AccessContext, customerId: string, doorId: string): Promise<Grant[]> {
  const now = ctx.now();
  const [customer] = await tx.select().from(customers).where(eq(customers.id, customerId));
  const [door] = await tx.select().from(doors).where(eq(doors.id, doorId));
  if (!customer || !door) throw new AppError("NOT_FOUND", "That customer or door no longer exists.");
  const windows = await tx
    .select()
    .from(accessWindows)
    .where(and(eq(accessWindows.customerId, customerId), eq(accessWindows.doorId, doorId)));
  const compiled = compileSchedule({ windows: windows.map(specOf), timeZone: door.timeZone, now });
  const existing = await tx
    .select()
    .from(grants)
    .where(and(eq(grants.customerId, customerId), eq(grants.doorId, doorId)));

  // An Opener or a lock without a paired keypad cannot hold a code: a keypad customer gets an app
  // invite on that door instead (lib/model/door-capabilities.ts says why, and so do the screens).
  const wanted = windows.length ? [credentialOnDoor(customer.preferredCredential, door)] : [];
  const credentials = [...new Set([...existing.map((g) => g.credential), ...wanted])];
  const out: Grant[] = [];
  for (const credential of credentials) {
    const restriction = wanted.includes(credential) ? compiled.current : null;
    const desired: DesiredAuth | null = restriction
      ? {
          name: authName(customer.name, customer.tag),
          type: credential === "app" ? AUTH_TYPE.app : AUTH_TYPE.keypadCode,
          enabled: true,
          remoteAllowed: credential === "app",
          ...restriction,
        }
      : null;
    const desiredUntil = desired && compiled.nextChangeAt ? new Date(compiled.nextChangeAt) : null;
    let grant = existing.find((g) => g.credential === credential);
    if (!grant) {
      if (!desired) continue;
      const code = credential === "keypad" ? await allocateDoorCode(tx, ctx, customer, doorId) : null;
      [grant] = await tx
        .insert(grants)
        .values({
          customerId,
          doorId,
          credential,
          desired,
          desiredUntil,
          status: door.online ? "pending" : "lock_offline",
          nextRunAt: new Date(now),
          codeEnc: code?.enc ?? null,
          codeHmac: code?.hmac ?? null,
        })
        .returning();
    } else if (!sameDesired(grant.desired, desired) || grant.status === "failed") {
      const status = deriveStatus({
        desired,
        observed: grant.observed,
        doorOnline: door.online,
        failed: false,
        awaitingLockSince: grant.awaitingLockSince,
      });
      const needCode =
        credential === "keypad" && desired && !grant.codeEnc
          ? await allocateDoorCode(tx, ctx, customer, doorId, grant.id)
          : null;
      [grant] = await tx
        .update(grants)
        .set({
          desired,
          desiredVersion: grant.desiredVersion + (sameDesired(grant.desired, desired) ? 0 : 1),
          desiredUntil,
          status,
          statusChangedAt: status !== grant.status ? new Date(now) : grant.statusChangedAt,
          nextRunAt: new Date(now),
          attempts: 0,
          lastError: null,
          updatedAt: new Date(now),
          ...(needCode ? { codeEnc: needCode.enc, codeHmac: needCode.hmac } : {}),
        })
        .where(eq(grants.id, grant.id))
        .returning();
    } else if (grant.desiredUntil?.getTime() !== desiredUntil?.getTime()) {
      [grant] = await tx.update(grants).set({ desiredUntil }).where(eq(grants.id, grant.id)).returning();
    }
    if (door.archivedAt && grant!.nextRunAt) [grant] = await stopOnArchivedDoor(tx, grant!, door.archivedReason);
    out.push(grant!);
  }
  return out;
}

/** The door's lock left the Nuki account: the grant keeps its desired state but is not sent, and says why. */
async function stopOnArchivedDoor(tx: Tx, grant: Grant, reason: string | null) {
  return tx
    .update(grants)
    .set({ status: grant.desired ? "failed" : "removed", lastError: reason, nextRunAt: null })
    .where(eq(grants.id, grant.id))
    .returning();
}

/** The customer's code on this door: their usual one unless the door already holds it for someone else. */
async function allocateDoorCode(
  tx: Tx,
  ctx: AccessContext,
  customer: typeof customers.$inferSelect,
  doorId: string,
  exceptGrantId?: string,
) {
  let preferred: number;
  if (customer.keypadCodeEnc) preferred = ctx.vault.decrypt(customer.keypadCodeEnc);
  else {
    // Set only if still unset, and read back what won: concurrent first windows of one customer
    // on several doors (an API client's parallel POSTs) otherwise each chose a code of their own,
    // and the customer's code did not open the doors of the transactions that lost. The UPDATE
    // waits for a concurrent one on the row and then sees its committed code (READ COMMITTED).
    const [row] = await tx
      .update(customers)
      .set({ keypadCodeEnc: sql`coalesce(${customers.keypadCodeEnc}, ${ctx.vault.encrypt(generateKeypadCode())})` })
      .where(eq(customers.id, customer.id))
      .returning({ enc: customers.keypadCodeEnc });
    preferred = ctx.vault.decrypt(row!.enc!);
  }
  const { code } = await chooseDoorCode(preferred, await doorCodeChecker(tx, ctx.vault, doorId, { exceptGrantId }));
  return { enc: ctx.vault.encrypt(code), hmac: ctx.vault.doorHmac(doorId, code) };
}
