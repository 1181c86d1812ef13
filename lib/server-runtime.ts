import { getDbHandle } from "@/db/bootstrap";

type Global = { __portierRuntime?: Promise<void> };
const g = globalThis as unknown as Global;

/** Everything the server process owns besides HTTP: the database now; the simulator and reconciler join later. */
export function startServerRuntime(): Promise<void> {
  g.__portierRuntime ??= (async () => {
    await getDbHandle();
  })();
  return g.__portierRuntime;
}
