import { format } from "node:util";
import type { Logger } from "pino";
import { logger } from "./logger";

/**
 * Turns every console call of a server or worker process into a pino record, so the app's own
 * "[component] message" lines, Next's lines and any library's lines all come out as structured
 * JSON with a level and the request id. Installed once by lib/runtime at start (tests keep the
 * plain console). "[reconciler] pass failed" → {component: "reconciler", msg: "pass failed"}.
 */
const g = globalThis as unknown as { __portierConsoleBridged?: boolean };

export function installConsoleBridge(): void {
  if (g.__portierConsoleBridged) return;
  g.__portierConsoleBridged = true;
  const route = consoleToLogger(logger());
  console.debug = route("debug");
  console.log = route("info");
  console.info = route("info");
  console.warn = route("warn");
  console.error = route("error");
}

type Level = "debug" | "info" | "warn" | "error";
const isFields = (a: unknown): a is Record<string, unknown> =>
  !!a && typeof a === "object" && !(a instanceof Error) && !Array.isArray(a);

/** One console method's arguments → one pino record at `level`. */
export function consoleToLogger(log: Logger) {
  return (level: Level) =>
    (...args: unknown[]) => {
      const first = args[0];
      let component: string | undefined;
      if (typeof first === "string") {
        const m = /^\[([\w:./-]{1,40})\]\s*/.exec(first);
        if (m) {
          component = m[1];
          args[0] = first.slice(m[0].length);
        }
      }
      // Plain objects go in as fields (where redaction applies by key); everything else is text.
      const fields = args.filter(isFields);
      const text = args.filter((a) => !isFields(a));
      const data = fields.length ? Object.assign({}, ...fields) : undefined;
      log[level]({ ...(component ? { component } : {}), ...(data ? { data } : {}) }, format(...text));
    };
}
