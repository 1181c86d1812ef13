// GET /api/v1/sites – a page of sites (API key, read).
import { apiRoute } from "@/lib/api/next-route";

export const GET = apiRoute("GET", "/sites");
