import { readFileSync } from "node:fs";
import { expect } from "@playwright/test";

/** The simulator playing the operator's Nuki account (playwright.production.config.ts). */
export const SIM_URL = process.env.E2E_SIM_URL ?? "http://127.0.0.1:4130";

/** Reads the server's output (e2e/production/serve-logged.mjs) as an operator reads the terminal. */
export const serverLog = () => {
  try {
    return readFileSync(process.env.E2E_SERVER_LOG ?? "", "utf8");
  } catch {
    return "";
  }
};

/** The server's lines are pino records (JSON in production): "[setup] …" arrives as component "setup". */
export const logHas = (log: string, component: string) =>
  log.includes(`[${component}]`) || log.includes(`"component":"${component}"`);
const SETUP_LINE = /(?:\[setup\]|"component":"setup")[^\n]*?(https?:\/\/[^\s"]+\/setup\?token=[A-Za-z0-9_-]+)/;

/** The one-time setup link the server printed at start (only its hash is in the database). */
export async function setupLinkFromLog(): Promise<URL> {
  let match: RegExpExecArray | null = null;
  await expect
    .poll(() => (match = SETUP_LINE.exec(serverLog())), {
      message: "the server prints a setup link at start",
      timeout: 30_000,
    })
    .not.toBeNull();
  return new URL(match![1]!);
}

type SimAuth = {
  smartlockId: number;
  name: string;
  type: number;
  code?: number;
  allowedFromDate?: string;
  allowedUntilDate?: string;
  allowedWeekDays?: number;
  allowedFromTime?: number;
  allowedUntilTime?: number;
};

/** What the simulated locks hold now (GET /_sim/state). */
export async function simAuths(): Promise<SimAuth[]> {
  const state = (await (await fetch(`${SIM_URL}/_sim/state`)).json()) as {
    auths?: SimAuth[] | Record<string, SimAuth>;
  };
  return Array.isArray(state.auths) ? state.auths : Object.values(state.auths ?? {});
}
