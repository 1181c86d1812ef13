/**
 * What a public webhook endpoint does before any real work, so an unsigned or hostile sender costs
 * almost nothing (issue 14 #7): refuse a missing or malformed signature before reading the body,
 * refuse a declared or actual body over the cap, give up on senders slower than the deadline, and
 * refuse JSON nested deeper than any real payload (recursive code downstream stays safe).
 */
export const WEBHOOK_LIMITS = {
  /** Nuki's payloads are a few KiB (one auth, one log entry, one lock state). */
  maxBytes: 64 * 1024,
  /** The whole body must arrive within this time. */
  timeoutMs: 10_000,
  /** Real Nuki payloads nest about 4 levels. */
  maxDepth: 32,
} as const;

export type Intake = { ok: true; raw: string } | { ok: false; status: number; error: string };

export async function intakeWebhook(
  request: Request,
  signatureHeader: string,
  limits: { maxBytes: number; timeoutMs: number; maxDepth: number } = WEBHOOK_LIMITS,
): Promise<Intake> {
  const signature = request.headers.get(signatureHeader)?.trim() ?? "";
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return { ok: false, status: 401, error: "Missing or malformed signature." };
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limits.maxBytes) return { ok: false, status: 413, error: "Body too large." };
  const body = await readCapped(request, limits.maxBytes, limits.timeoutMs);
  if (!body.ok) return body;
  if (jsonDepthExceeds(body.raw, limits.maxDepth)) return { ok: false, status: 400, error: "Body nested too deeply." };
  return body;
}

/** Reads at most maxBytes, within timeoutMs; stops reading (and cancels the stream) as soon as either is passed. */
async function readCapped(request: Request, maxBytes: number, timeoutMs: number): Promise<Intake> {
  if (!request.body) return { ok: true, raw: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === "timeout") {
        void reader.cancel().catch(() => {});
        return { ok: false, status: 408, error: "Body not received in time." };
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => {});
        return { ok: false, status: 413, error: "Body too large." };
      }
      chunks.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return { ok: true, raw: Buffer.concat(chunks).toString("utf8") };
}

/** True when brackets nest deeper than max (outside strings). Linear, no parsing, no recursion. */
export function jsonDepthExceeds(raw: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
