// GET /api/v1/openapi.json – the OpenAPI 3.1 document, generated from the schemas the API validates with.
// Public: it describes the API and holds no data (the reference page /developers/api renders it).
import { openApiDocument } from "@/lib/api/openapi";

export function GET() {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
