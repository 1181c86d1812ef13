// GET /api/v1/windows (read) and POST (read_write, Idempotency-Key) – access windows.
import { apiRoute } from "@/lib/api/next-route";

export const GET = apiRoute("GET", "/windows");
export const POST = apiRoute("POST", "/windows");
