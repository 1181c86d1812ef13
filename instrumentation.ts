/**
 * Runs once per server process before the first request: lib/runtime stamps each request with its
 * socket address (the login throttle's source of truth), starts (or connects to) Postgres, migrates, in demo mode starts the simulator and seeds, and stops it all on SIGTERM.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerRuntime } = await import("./lib/runtime/server");
  await startServerRuntime();
}
