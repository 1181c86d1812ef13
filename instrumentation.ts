/**
 * Runs once per server process before the first request: starts (or connects to) Postgres,
 * migrates and seeds, so `npm start` on a fresh laptop needs nothing else.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerRuntime } = await import("./lib/server-runtime");
  await startServerRuntime();
}
