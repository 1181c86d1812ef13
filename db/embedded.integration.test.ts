import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "@/test/free-port";
import { startEmbeddedPostgres } from "./embedded";

import { embeddedUsable, reportEmbeddedSkip } from "@/test/embedded-usable";

reportEmbeddedSkip("embedded");

const dir = mkdtempSync(path.join(os.tmpdir(), "portier-embedded-"));
chmodSync(dir, 0o755);
const dataDir = path.join(dir, "pg");
let port = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("embedded Postgres", () => {
  it.skipIf(!embeddedUsable)(
    "starts again after the owning process was killed with SIGKILL",
    async () => {
      port = await freePort();
      // A child process starts the server, then dies hard: postgres is orphaned with ppid 1.
      const child = spawn(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "test/fixtures/start-embedded.ts", dataDir, String(port)],
        { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] },
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
        child.once("exit", (code) => reject(new Error(`child exited early (${code})`)));
      });
      child.removeAllListeners("exit");
      process.kill(child.pid!, "SIGKILL");
      await new Promise((r) => child.once("exit", r));

      const pg = await startEmbeddedPostgres({ dataDir, port });
      const c = new Client({ connectionString: pg.url });
      await c.connect();
      expect((await c.query("select 1 as one")).rows[0].one).toBe(1);
      await c.end();
      await pg.stop();
    },
    60_000,
  );

  it.skipIf(!embeddedUsable)(
    "uses a generated password kept in the data dir, and moves an old data dir off the well-known one",
    async () => {
      const own = path.join(dir, "pw");
      const ownPort = await freePort();
      const legacy = (p: number) => `postgres://portier:portier@127.0.0.1:${p}/portier`;
      const refused = async (url: string) => {
        const c = new Client({ connectionString: url });
        return c.connect().then(
          async () => {
            await c.end();
            return false;
          },
          () => true,
        );
      };
      let pg = await startEmbeddedPostgres({ dataDir: own, port: ownPort });
      const file = path.join(own, "portier-password");
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(new URL(pg.url).password).not.toBe("portier");
      expect(await refused(legacy(ownPort))).toBe(true);
      // An install from before: the well-known password and no file.
      const c = new Client({ connectionString: pg.url });
      await c.connect();
      await c.query("alter role portier with password 'portier'");
      await c.end();
      rmSync(file);
      await pg.stop();
      pg = await startEmbeddedPostgres({ dataDir: own, port: ownPort });
      expect(existsSync(file)).toBe(true);
      expect(await refused(legacy(ownPort))).toBe(true);
      const again = new Client({ connectionString: pg.url });
      await again.connect();
      await again.end();
      await pg.stop();
    },
    120_000,
  );
});
