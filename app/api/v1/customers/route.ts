// GET /api/v1/customers – a page of customers (API key, read). Everything is in lib/api (serveApi).
import { apiRoute } from "@/lib/api/next-route";

export const GET = apiRoute("GET", "/customers");
