// GET/PATCH/DELETE /api/v1/windows/{id} – one window; PATCH and DELETE need read_write and an Idempotency-Key.
import { apiRoute } from "@/lib/api/next-route";

export const GET = apiRoute("GET", "/windows/{id}");
export const PATCH = apiRoute("PATCH", "/windows/{id}");
export const DELETE = apiRoute("DELETE", "/windows/{id}");
