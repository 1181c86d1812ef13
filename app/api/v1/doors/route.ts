// GET /api/v1/doors – a page of doors (API key, read).
import { apiRoute } from "@/lib/api/next-route";

export const GET = apiRoute("GET", "/doors");
