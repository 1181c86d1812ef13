import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import {
  accessWindows,
  connectionAccountUsers,
  type Customer,
  customers,
  DEFAULT_CONNECTION_ID,
  doors,
  grants,
  type UnmanagedAuth,
  unmanagedAuths,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import { isNukiApiError } from "@/lib/nuki/errors";
import { AUTH_TYPE, type NukiAuth } from "@/lib/nuki/schemas";
import { engineFor } from "../connections/engine-for";
import type { EngineContext } from "../context";
import { customerInput } from "../customers/save-customer";
import { syncGrants } from "../grants/sync-grants";
import { inFlightOnNuki, toObserved } from "../observations/observe";
import { lockPairs } from "../windows/pair-lock";
import { describeWindow, windowColumns } from "../windows/window-row";
import { windowsForRestriction } from "./restriction-windows";
import { emitEvents } from "../outbound-webhooks/emit-event";
import { windowEventData } from "../outbound-webhooks/event-data";

export const adoptInput = z.object({
  unmanagedId: z.uuid(),
  expectedVersion: z.number().int().min(1),
  customer: z.union([
    z.object({ id: z.uuid("Pick a customer.") }),
    z.object({ create: customerInput.pick({ name: true, email: true }) }),
  ]),
});
export type AdoptInput = z.input<typeof adoptInput>;

export const leaveAloneInput = z.object({ unmanagedId: z.uuid(), expectedVersion: z.number().int().min(1) });

export type AdoptResult = { grantId: string; customerId: string; windows: number };

const isUniqueViolation = (e: unknown) =>
  (e as { cause?: { code?: string } })?.cause?.code === "23505" || (e as { code?: string })?.code === "23505";

/**
 * Adoption changes who may enter a door and hands a credential Portier did not issue to a customer:
 * a day-one administrator's step, so it needs doors.write (admin), like the rest of a building's
 * take-over. The front desk and managers see the list (doors.read).
 */
const ADOPT_PERMISSION = "doors.write" as const;

/**
 * Adopts one unmanaged auth: Portier manages it from now on *without re-creating it*. The auth is
 * read from Nuki once (its keypad code is needed in clear to seal it; nothing is written to Nuki
 * here), then in one transaction: the customer (existing or new), access windows that allow exactly
 * what the auth's restriction allows, and a grant that already carries the auth's Nuki id and what
 * the lock holds as `observed`. The grant's desired auth is compiled like any other, so the
 * reconciler sends at most one *update* to that same auth — to put Portier's tag in its name
 * ("Anna Adler #k3f9qz", which keeps it recognisable if the id is ever lost) and the compiled form
 * of the same restriction — and never a create. One auth per (customer, door): a pair that already
 * has a grant is refused.
 */
export async function adoptAuth(
  e: EngineContext,
  actor: Actor,
  raw: AdoptInput,
  read?: NukiAuth,
): Promise<AdoptResult> {
  assertCan(actor, ADOPT_PERMISSION);
  const input = adoptInput.parse(raw);
  const [row] = await e.db.select().from(unmanagedAuths).where(eq(unmanagedAuths.id, input.unmanagedId));
  if (!row) throw new AppError("NOT_FOUND", "That authorization is no longer listed; the lock may have dropped it.");
  checkDecidable(row, input.expectedVersion);
  if (row.type !== AUTH_TYPE.app && row.type !== AUTH_TYPE.keypadCode)
    throw new AppError(
      "INVALID_INPUT",
      "Portier manages Nuki app users and keypad codes only; leave fobs and other credentials alone.",
    );
  const [door] = await e.db.select().from(doors).where(eq(doors.id, row.doorId));
  if (!door) throw new AppError("NOT_FOUND", "That door no longer exists.");
  // The lock evaluates daily times in its own zone, Portier's windows in the site's: adopted hours would shift.
  if (door.lockTimeZone && door.lockTimeZone !== door.timeZone)
    throw new AppError(
      "CONFLICT",
      `This lock runs on ${door.lockTimeZone} but its site on ${door.timeZone}; set the lock's time zone in Nuki first, or its hours would shift when adopted.`,
    );
  // Read through the door's own Nuki connection (several accounts: issue #13).
  const auth = read ?? (await readAuth(await engineFor(e, door.connectionId), door.smartlockId, row));
  if (inFlightOnNuki(auth))
    throw new AppError(
      "CONFLICT",
      "A change to this authorization is still on its way to the lock; try again shortly.",
    );
  if (auth.type !== row.type) throw new AppError("CONFLICT", "The authorization changed on the lock; reload the page.");
  const now = e.now();
  const plan = windowsForRestriction(
    {
      allowedFromDate: auth.allowedFromDate ?? null,
      allowedUntilDate: auth.allowedUntilDate ?? null,
      allowedWeekDays: auth.allowedWeekDays ?? null,
      allowedFromTime: auth.allowedFromTime ?? null,
      allowedUntilTime: auth.allowedUntilTime ?? null,
    },
    door.timeZone,
    now,
  );
  if (!plan.ok) throw new AppError("INVALID_INPUT", `This authorization cannot be adopted: ${plan.reason}`);
  if (!auth.enabled)
    throw new AppError(
      "INVALID_INPUT",
      "This authorization is disabled on the lock; enable it in Nuki or leave it alone.",
    );
  const credential = auth.type === AUTH_TYPE.app ? "app" : "keypad";

  try {
    const result = await e.db.transaction(async (tx) => {
      // Re-check under a row lock: two admins adopting the same auth at once get one grant, one refusal.
      const [locked] = await tx.select().from(unmanagedAuths).where(eq(unmanagedAuths.id, row.id)).for("update");
      if (!locked) throw new AppError("NOT_FOUND", "That authorization is no longer listed.");
      checkDecidable(locked, input.expectedVersion);
      const customer = await customerFor(tx, actor, input.customer, credential, auth, door.connectionId);
      await lockPairs(tx, [{ customerId: customer.id, doorId: door.id }]);
      const existing = await tx
        .select()
        .from(grants)
        .where(and(eq(grants.customerId, customer.id), eq(grants.doorId, door.id)));
      const live = existing.find((g) => g.desired !== null || g.nukiAuthId !== null);
      if (live)
        throw new AppError(
          "CONFLICT",
          `${customer.name} already has access to ${door.name} through Portier. Nuki allows one authorization per person and lock: remove their windows on this door first, or leave this one alone.`,
        );
      // A finished (removed) grant of the same credential only blocks the unique key: it held nothing.
      for (const g of existing) await tx.delete(grants).where(eq(grants.id, g.id));
      const code = auth.type === AUTH_TYPE.keypadCode && auth.code != null ? auth.code : null;
      const codeHmac = code != null ? e.vault.doorHmac(door.id, code) : null;
      const [grant] = await tx
        .insert(grants)
        .values({
          customerId: customer.id,
          doorId: door.id,
          credential,
          desired: null,
          nukiAuthId: auth.id,
          observed: toObserved(auth, { codeHmac, doorId: door.id }, e.vault),
          observedAt: new Date(now),
          nukiUpdatedAt: auth.updateDate ? new Date(auth.updateDate) : null,
          status: "pending",
          codeEnc: code != null ? e.vault.encrypt(code) : null,
          codeHmac,
        })
        .returning();
      const windows = await tx
        .insert(accessWindows)
        .values(
          plan.windows.map((w) => ({
            customerId: customer.id,
            doorId: door.id,
            ...windowColumns(w, door.timeZone),
            note: `Adopted from the lock (“${auth.name}”)`.slice(0, 200),
            createdBy: actor.id,
          })),
        )
        .returning();
      await emitEvents(
        tx,
        windows.map((w) => ({ type: "window.created", data: windowEventData(w) })),
        now,
      );
      const [synced] = await syncGrants(tx, e, customer.id, door.id);
      // The code is now Portier's on this door: no longer a foreign fingerprint (slots count it once, as a grant).
      await tx
        .update(doors)
        .set(
          credential === "keypad"
            ? {
                foreignCodeHmacs: sql`coalesce((select jsonb_agg(h) from jsonb_array_elements(${doors.foreignCodeHmacs}) h where h <> to_jsonb(${codeHmac}::text)), '[]'::jsonb)`,
              }
            : { foreignAppAuths: sql`greatest(${doors.foreignAppAuths} - 1, 0)` },
        )
        .where(eq(doors.id, door.id));
      await tx
        .update(unmanagedAuths)
        .set({
          state: "adopted",
          customerId: customer.id,
          grantId: grant!.id,
          decidedBy: actor.id,
          decidedAt: new Date(now),
          version: locked.version + 1,
        })
        .where(eq(unmanagedAuths.id, row.id));
      await appendAudit(tx, {
        actor,
        action: "auth.adopt",
        entityType: "door",
        entityId: door.id,
        before: { nukiAuthId: auth.id, name: auth.name, type: credential, state: locked.state },
        after: {
          nukiAuthId: auth.id,
          customerId: customer.id,
          grantId: grant!.id,
          windows: windows.map((w) => describeWindow(w, door.timeZone)),
          status: synced?.status ?? null,
        },
      });
      return { grantId: grant!.id, customerId: customer.id, windows: windows.length };
    });
    e.wake();
    return result;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("CONFLICT", "A customer with this email address already exists; pick them instead.");
    throw error;
  }
}

/** Marks an unmanaged auth as left alone: still counted for slots and avoided by the code allocator, never touched. */
export async function leaveAlone(e: EngineContext, actor: Actor, raw: z.input<typeof leaveAloneInput>) {
  assertCan(actor, ADOPT_PERMISSION);
  const input = leaveAloneInput.parse(raw);
  return e.db.transaction(async (tx) => {
    const [row] = await tx.select().from(unmanagedAuths).where(eq(unmanagedAuths.id, input.unmanagedId)).for("update");
    if (!row) throw new AppError("NOT_FOUND", "That authorization is no longer listed; the lock may have dropped it.");
    checkDecidable(row, input.expectedVersion);
    if (row.state === "left_alone") return row;
    const [updated] = await tx
      .update(unmanagedAuths)
      .set({ state: "left_alone", decidedBy: actor.id, decidedAt: new Date(e.now()), version: row.version + 1 })
      .where(eq(unmanagedAuths.id, row.id))
      .returning();
    await appendAudit(tx, {
      actor,
      action: "auth.leave_alone",
      entityType: "door",
      entityId: row.doorId,
      before: { nukiAuthId: row.nukiAuthId, name: row.name, state: row.state },
      after: { nukiAuthId: row.nukiAuthId, state: "left_alone" },
    });
    return updated!;
  });
}

function checkDecidable(row: UnmanagedAuth, expectedVersion: number) {
  if (row.state === "adopted")
    throw new AppError("CONFLICT", "This authorization was already adopted.", { details: { current: row } });
  if (row.version !== expectedVersion)
    throw new AppError("CONFLICT", "Someone else decided about this authorization meanwhile; see its current state.", {
      details: { current: row },
    });
}

async function readAuth(e: EngineContext, smartlockId: number, row: UnmanagedAuth): Promise<NukiAuth> {
  try {
    return await e.nuki.getAuth(smartlockId, row.nukiAuthId);
  } catch (error) {
    if (isNukiApiError(error) && error.kind === "not_found") {
      await e.db.delete(unmanagedAuths).where(eq(unmanagedAuths.id, row.id));
      throw new AppError("NOT_FOUND", "This authorization is no longer on the lock.");
    }
    if (isNukiApiError(error))
      throw new AppError("LOCK_API_ERROR", "Nuki did not answer; nothing was changed. Try again in a moment.", {
        cause: error,
      });
    throw error;
  }
}

/** The customer the auth goes to: an existing one (same credential kind, same Nuki account user) or a new one. */
async function customerFor(
  tx: Tx,
  actor: Actor,
  choice: z.output<typeof adoptInput>["customer"],
  credential: "app" | "keypad",
  auth: NukiAuth,
  connectionId: string,
): Promise<Customer> {
  // An account user belongs to one Nuki account: another connection's is kept beside the customer.
  if (connectionId !== DEFAULT_CONNECTION_ID) {
    const customer = await customerFor(
      tx,
      actor,
      choice,
      credential,
      { ...auth, accountUserId: null },
      DEFAULT_CONNECTION_ID,
    );
    if (credential !== "app" || auth.accountUserId == null) return customer;
    const [known] = await tx
      .select()
      .from(connectionAccountUsers)
      .where(
        and(eq(connectionAccountUsers.connectionId, connectionId), eq(connectionAccountUsers.customerId, customer.id)),
      );
    if (known && known.accountUserId !== auth.accountUserId)
      throw new AppError(
        "CONFLICT",
        `This app user is a different Nuki account from ${customer.name}'s; pick the customer that account belongs to.`,
      );
    if (!known)
      await tx
        .insert(connectionAccountUsers)
        .values({ connectionId, customerId: customer.id, accountUserId: auth.accountUserId });
    return customer;
  }
  if ("create" in choice) {
    const [created] = await tx
      .insert(customers)
      .values({
        name: choice.create.name,
        email: choice.create.email,
        preferredCredential: credential,
        nukiAccountUserId: credential === "app" ? (auth.accountUserId ?? null) : null,
      })
      .returning();
    await appendAudit(tx, {
      actor,
      action: "customer.create",
      entityType: "customer",
      entityId: created!.id,
      after: { name: created!.name, preferredCredential: credential, source: "adoption" },
    });
    return created!;
  }
  const [customer] = await tx.select().from(customers).where(eq(customers.id, choice.id)).for("update");
  if (!customer) throw new AppError("NOT_FOUND", "That customer no longer exists.");
  if (customer.preferredCredential !== credential)
    throw new AppError(
      "CONFLICT",
      credential === "app"
        ? `${customer.name} uses keypad codes; this is a Nuki app user. Switch the customer to app invites first, or pick another customer.`
        : `${customer.name} uses Nuki app invites; this is a keypad code. Switch the customer to keypad codes first, or pick another customer.`,
    );
  if (credential === "app") {
    if (customer.nukiAccountUserId != null && customer.nukiAccountUserId !== auth.accountUserId)
      throw new AppError(
        "CONFLICT",
        `This app user is a different Nuki account from ${customer.name}'s; pick the customer that account belongs to.`,
      );
    if (customer.nukiAccountUserId == null && auth.accountUserId != null)
      await tx.update(customers).set({ nukiAccountUserId: auth.accountUserId }).where(eq(customers.id, customer.id));
  }
  return customer;
}
