import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { DEFAULT_CONNECTION_ID, doors } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { EngineContext } from "../context";
import { connectionOf } from "./manage-connections";

/** The engine context of another connection: same database, vault and clock, that connection's client. */
export async function engineFor(e: EngineContext, connectionId: string): Promise<EngineContext> {
  if (connectionId === connectionOf(e)) return e;
  if (!e.nukiFor) throw new AppError("INTERNAL", `No client for Nuki connection ${connectionId} in this process.`);
  return { ...e, nuki: await e.nukiFor(connectionId), connectionId };
}

/** The engine context that reaches this door's lock (its Nuki connection). */
export async function engineForDoor(e: EngineContext, db: DbOrTx, doorId: string): Promise<EngineContext> {
  const [row] = await db.select({ c: doors.connectionId }).from(doors).where(eq(doors.id, doorId));
  return engineFor(e, row?.c ?? DEFAULT_CONNECTION_ID);
}
