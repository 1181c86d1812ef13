/**
 * Runs once per server process before the first request: stamps each request with its socket
 * address (the login throttle's source of truth), then starts (or connects to) Postgres, migrates
 * and seeds, so `npm start` on a fresh laptop needs nothing else.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installPeerAddressStamp } = await import("./lib/http/peer-address");
  installPeerAddressStamp();
  const { startServerRuntime } = await import("./lib/server-runtime");
  await startServerRuntime();
}
