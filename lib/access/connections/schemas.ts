import { z } from "zod";

/** Nuki's own API; a self-hosted proxy or the simulator may stand in (loopback allowed for trials). */
export const DEFAULT_NUKI_API_BASE_URL = "https://api.nuki.io";

const apiBaseUrl = z
  .url({ protocol: /^https?$/, error: "Give the API address as a full http(s) URL, e.g. https://api.nuki.io." })
  .max(300, "The API address is too long.")
  .transform((u) => u.replace(/\/+$/, ""));

// Nuki API tokens are long opaque strings; anything with spaces or shorter than 16 characters is a paste error.
const token = z
  .string({ error: "Paste the API token." })
  .trim()
  .min(16, "Paste the whole API token from Nuki Web (Menu → API): it is at least 16 characters.")
  .max(600, "That is longer than any Nuki API token.")
  .regex(/^\S+$/, "An API token has no spaces: paste it again.");

const requestsPerSec = z.coerce
  .number({ error: "Requests per second must be a number." })
  .min(0.1, "At least 0.1 request per second.")
  .max(100, "At most 100 requests per second.");
const burst = z.coerce
  .number({ error: "Burst must be a whole number." })
  .int("Burst must be a whole number.")
  .min(1, "A burst of at least 1.")
  .max(500, "A burst of at most 500.");

const name = z
  .string({ error: "Name the connection." })
  .trim()
  .min(1, "Name the connection, e.g. the building or owner.")
  .max(80, "At most 80 characters.");

/** Nuki publishes no limit; 1 request/s with a burst of 10 is Portier's conservative default. */
export const createConnectionInput = z.object({
  name,
  apiBaseUrl: apiBaseUrl.default(DEFAULT_NUKI_API_BASE_URL),
  token,
  requestsPerSec: requestsPerSec.default(1),
  burst: burst.default(10),
});
export type CreateConnectionInput = z.input<typeof createConnectionInput>;

export const testTokenInput = z.object({ apiBaseUrl: apiBaseUrl.default(DEFAULT_NUKI_API_BASE_URL), token });

export const connectionIdInput = z.object({
  id: z.string({ error: "Which connection?" }).min(1, "Which connection?").max(64, "Not a connection id."),
});
const version = z.coerce.number({ error: "Reload the page and try again." }).int().min(1);

export const rotateTokenInput = connectionIdInput.extend({ token, version });
export const setDisabledInput = connectionIdInput.extend({ disabled: z.boolean(), version });
export const updateBudgetInput = connectionIdInput.extend({ version, requestsPerSec, burst });
