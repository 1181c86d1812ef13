"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { syncAllConnections } from "@/lib/access/connections/sync-all";
import { defineAction } from "@/lib/actions/define-action";
import { getEngineContext } from "@/lib/runtime/context";

/** What the Doors page says after "Sync from Nuki": counts and names, never Nuki's raw answer. */
export type LockSyncSummary = {
  locks: number;
  added: string[];
  renamed: string[];
  archived: string[];
  restored: string[];
  changed: string[];
  emptyListIgnored: boolean;
};

/** An admin pressed "Sync from Nuki": read every connected account's devices now and keep doors in step. */
export const syncFromNukiAction = defineAction({
  input: z.object({}),
  permission: "doors.write",
  run: async (_input, actor): Promise<LockSyncSummary> => {
    const r = await syncAllConnections(await getEngineContext(), actor);
    revalidatePath("/doors");
    return {
      locks: r.locks,
      added: r.added.map((a) => a.name),
      renamed: r.renamed.map((a) => `${a.from} → ${a.to}`),
      archived: r.archived.map((a) => a.name),
      restored: r.restored.map((a) => a.name),
      changed: r.changed.map((a) => a.name),
      emptyListIgnored: r.emptyListIgnored,
    };
  },
});
