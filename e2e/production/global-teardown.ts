import { rmSync } from "node:fs";
import removeDataDir from "../global-teardown";

/** As the demo-mode run: the data directory goes when the runner exits; so does the server's log. */
export default function globalTeardown() {
  removeDataDir();
  const log = process.env.E2E_SERVER_LOG;
  if (log && process.env.E2E_DATA_DIR_OWNED === "1" && log.includes("portier-e2e-"))
    process.once("exit", () => rmSync(log, { force: true }));
}
