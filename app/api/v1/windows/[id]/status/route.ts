// GET /api/v1/windows/{id}/status – whether the lock really holds this window (API key, read).
import { apiRoute } from "@/lib/api/next-route";

export const GET = apiRoute("GET", "/windows/{id}/status");
