// GET /api/v1/status?from&to[&site|door|customer] – lock status of every window in a range (API key, read).
import { apiRoute } from "@/lib/api/next-route";

export const GET = apiRoute("GET", "/status");
