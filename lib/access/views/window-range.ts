import "server-only";
import { sql } from "drizzle-orm";
import { accessWindows } from "@/db/schema";

/**
 * Windows whose envelope touches [from, to), written as the expression of the GiST index
 * access_windows_period (db/schema/windows.ts) so the planner can use it: `&&` on half-open
 * ranges is exactly "starts before `to` and ends (or never ends) after `from`".
 */
export const windowTouches = (from: Date, to: Date) =>
  sql`tstzrange(${accessWindows.startsAt}, ${accessWindows.endsAt}) && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz)`;
