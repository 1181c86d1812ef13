/**
 * Runs `stop` once on the first SIGINT or SIGTERM, then exits with the signal's conventional code
 * (130 / 143). A stop that hangs is cut off after `deadlineMs`, so a process manager's "stop"
 * always finishes within seconds; a second signal exits at once.
 */
export function exitOnSignals(stop: () => Promise<void>, o: { label: string; deadlineMs?: number }) {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === "SIGINT" ? 130 : 143;
    if (stopping) process.exit(code);
    stopping = true;
    console.log(`[${o.label}] ${signal}: stopping`);
    const deadline = setTimeout(() => {
      console.error(`[${o.label}] still stopping after ${o.deadlineMs ?? 8000} ms; exiting anyway`);
      process.exit(code);
    }, o.deadlineMs ?? 8000);
    deadline.unref();
    stop()
      .catch((error) => console.error(`[${o.label}] stop failed`, (error as Error).message))
      .finally(() => process.exit(code));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
