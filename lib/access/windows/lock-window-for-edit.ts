import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { accessWindows, type AccessWindow } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * Optimistic concurrency for every window edit: lock the row, refuse if it is gone or if someone
 * saved a newer version since the caller loaded it (the conflict carries the fresh window).
 */
export async function lockWindowForEdit(
  tx: Tx,
  windowId: string,
  expectedVersion: number,
  messages: { gone: string; conflict: string },
): Promise<AccessWindow> {
  const [current] = await tx.select().from(accessWindows).where(eq(accessWindows.id, windowId)).for("update");
  if (!current) throw new AppError("NOT_FOUND", messages.gone);
  if (current.version !== expectedVersion)
    throw new AppError("CONFLICT", messages.conflict, { details: { window: current } });
  return current;
}
