import "server-only";
import { eq } from "drizzle-orm";
import { appendAudit } from "@/db/queries/audit";
import { accessWindows, customers, doors, type AccessWindow, type Grant } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { Tx } from "@/db/client";
import type { AccessContext } from "../context";
import { syncGrants } from "../grants/sync-grants";
import { assertNoOverlap } from "./check-overlap";
import { lockPairs } from "./pair-lock";
import type { CreateWindowInput, CreateWindowsInput, WindowSpecInput } from "./schemas";
import { auditView, specOf, windowColumns } from "./window-row";
import { emitEvent } from "../outbound-webhooks/emit-event";
import { windowEventData } from "../outbound-webhooks/event-data";

export type WindowResult = { window: AccessWindow; grants: Pick<Grant, "id" | "credential" | "status">[] };

/** Rejects windows that are over before they could matter. */
export function assertNotPast(spec: WindowSpecInput, columns: ReturnType<typeof windowColumns>, now: number) {
  const end = columns.endsAt?.getTime() ?? Infinity;
  if (end <= now)
    throw new AppError(
      "INVALID_INPUT",
      spec.kind === "once" ? "This window is already over." : "This series has already ended.",
    );
}

/**
 * An archived door's lock left the Nuki account: a window there could never reach a lock, so the
 * server refuses it whatever a picker offered (an old tab, the API, a bulk job started before the
 * archive). A door still awaiting a site is accepted: it carries its lock's own zone.
 */
export function assertDoorTakesWindows(door: { archivedAt: Date | null; name: string }) {
  if (door.archivedAt)
    throw new AppError(
      "INVALID_INPUT",
      `${door.name} is archived (its lock left the Nuki account), so it takes no new windows.`,
    );
}

/** Inserts one window inside an open transaction (shared by create and bulk assign). */
export async function insertWindow(
  tx: Tx,
  ctx: AccessContext,
  actor: Actor,
  input: CreateWindowInput,
): Promise<WindowResult> {
  const [door] = await tx.select().from(doors).where(eq(doors.id, input.doorId));
  if (!door) throw new AppError("NOT_FOUND", "That door does not exist.");
  assertDoorTakesWindows(door);
  const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId));
  if (!customer) throw new AppError("NOT_FOUND", "That customer does not exist.");
  await lockPairs(tx, [input]);
  const columns = windowColumns(input.window, door.timeZone);
  assertNotPast(input.window, columns, ctx.now());
  await assertNoOverlap(tx, {
    customerId: input.customerId,
    doorId: input.doorId,
    spec: specOf({ id: "new", ...columns }),
    timeZone: door.timeZone,
    now: ctx.now(),
  });
  const [window] = await tx
    .insert(accessWindows)
    .values({
      customerId: input.customerId,
      doorId: input.doorId,
      note: input.note ?? null,
      // created_by names a user; an API key's writes are attributed in the audit trail instead.
      createdBy: actor.apiKeyId ? null : actor.id,
      ...columns,
    })
    .returning();
  const synced = await syncGrants(tx, ctx, input.customerId, input.doorId);
  await appendAudit(tx, {
    actor,
    action: "window.create",
    entityType: "window",
    entityId: window!.id,
    after: auditView(window!),
  });
  await emitEvent(tx, "window.created", windowEventData(window!), ctx.now());
  return { window: window!, grants: synced.map(({ id, credential, status }) => ({ id, credential, status })) };
}

/** Staff put a customer's window on a door. The lock gets it through the reconciler. */
export async function createWindow(ctx: AccessContext, actor: Actor, input: CreateWindowInput): Promise<WindowResult> {
  assertCan(actor, "access.write");
  const result = await ctx.db.transaction((tx) => insertWindow(tx, ctx, actor, input));
  ctx.wake();
  return result;
}

/**
 * One customer's window on several doors (the dialog's "several doors at once"): all or none, in
 * one transaction, so a refused door (overlap, unknown door) leaves no half-done set behind.
 * Doors are taken in id order so two such requests lock their pairs in the same order.
 */
export async function createWindows(
  ctx: AccessContext,
  actor: Actor,
  input: CreateWindowsInput,
): Promise<WindowResult[]> {
  assertCan(actor, "access.write");
  const doorIds = [...new Set(input.doorIds)].sort();
  const results = await ctx.db.transaction(async (tx) => {
    const out: WindowResult[] = [];
    for (const doorId of doorIds)
      out.push(
        await insertWindow(tx, ctx, actor, {
          customerId: input.customerId,
          doorId,
          window: input.window,
          note: input.note,
        }),
      );
    return out;
  });
  ctx.wake();
  return results;
}
