import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessWindows } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { windowOccurrences } from "../compiler/occurrences";
import type { WindowSpec } from "../compiler/window-spec";
import { describeWindow, specOf } from "./window-row";

const HORIZON_MS = 800 * 86_400_000;

/**
 * Refuses a window that shares any moment with another window of the same customer on the same
 * door. Nuki could not express the union anyway without surprising staff, so overlaps are an
 * explicit error naming the other window. Call under lockPairs().
 */
export async function assertNoOverlap(
  tx: DbOrTx,
  p: { customerId: string; doorId: string; spec: WindowSpec; timeZone: string; now: number; excludeId?: string },
) {
  const others = await tx
    .select()
    .from(accessWindows)
    .where(
      and(
        eq(accessWindows.customerId, p.customerId),
        eq(accessWindows.doorId, p.doorId),
        p.excludeId ? ne(accessWindows.id, p.excludeId) : undefined,
      ),
    );
  const from = p.now - 86_400_000;
  const to = p.now + HORIZON_MS;
  const mine = windowOccurrences(p.spec, p.timeZone, from, to);
  if (mine.length === 0) return;
  const lo = mine[0]!.start;
  const hi = mine.at(-1)!.end;
  for (const other of others) {
    const theirs = windowOccurrences(specOf(other), p.timeZone, lo, hi);
    let i = 0;
    for (const o of theirs) {
      while (i < mine.length && mine[i]!.end <= o.start) i++;
      if (i < mine.length && mine[i]!.start < o.end) {
        throw new AppError(
          "CONFLICT",
          `This overlaps another window of the same customer on this door (${describeWindow(other, p.timeZone)}). Move or shorten one of them.`,
          { details: { overlapsWindowId: other.id } },
        );
      }
    }
  }
}
