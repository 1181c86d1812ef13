import { http, HttpResponse } from "msw";
import { handleSimRequest } from "./routes";
import type { NukiSimulator } from "./simulator";

/**
 * MSW handlers backed by a simulator's state: code that calls the Nuki client can be unit-tested
 * against https://api.nuki.io without a server, with the same rules as the HTTP simulator.
 */
export function simulatorHandlers(sim: NukiSimulator, baseUrl = "https://api.nuki.io") {
  return [
    http.all(`${baseUrl}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const out = await handleSimRequest(sim, {
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: await request.text(),
      });
      if (out.body === undefined) return new HttpResponse(null, { status: out.status, headers: out.headers });
      return typeof out.body === "string"
        ? new HttpResponse(out.body, { status: out.status, headers: { "content-type": "text/html", ...out.headers } })
        : HttpResponse.json(out.body as Record<string, unknown>, { status: out.status, headers: out.headers });
    }),
  ];
}
