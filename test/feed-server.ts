import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local iCalendar feed over real HTTP, shaped like a channel's export: ETag and Last-Modified on
 * every answer, 304 to a matching conditional GET. Tests change `body`, or make it fail (`status`),
 * hang (`hangMs`) or send an endless body (`endless`), and read what was asked (`requests`).
 */
export type FeedServer = {
  url: string;
  body: string;
  status: number;
  hangMs: number;
  endless: boolean;
  requests: { conditional: boolean; answered: number }[];
  close: () => Promise<void>;
};

export async function startFeedServer(body = "", port = 0): Promise<FeedServer> {
  const state: FeedServer = {
    url: "",
    body,
    status: 200,
    hangMs: 0,
    endless: false,
    requests: [],
    close: async () => {},
  };
  const server: Server = createServer(async (req, res) => {
    const etag = `"${createHash("sha1").update(state.body).digest("hex").slice(0, 16)}"`;
    const conditional = req.headers["if-none-match"] === etag;
    if (state.hangMs) await new Promise((r) => setTimeout(r, state.hangMs));
    if (state.status !== 200) {
      state.requests.push({ conditional, answered: state.status });
      res.writeHead(state.status).end("error");
      return;
    }
    if (state.endless) {
      state.requests.push({ conditional, answered: 200 });
      res.writeHead(200, { "content-type": "text/calendar" });
      const chunk = `X-PAD:${"x".repeat(1000)}\r\n`;
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      res.on("close", () => {});
      pump();
      return;
    }
    if (conditional) {
      state.requests.push({ conditional, answered: 304 });
      res.writeHead(304, { etag }).end();
      return;
    }
    state.requests.push({ conditional, answered: 200 });
    res
      .writeHead(200, {
        "content-type": "text/calendar; charset=utf-8",
        etag,
        "last-modified": new Date(0).toUTCString(),
      })
      .end(state.body);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/calendar/ical/123.ics?s=secret-token`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}

export type FeedEvent = {
  uid: string;
  start: string; // YYYYMMDD (all-day) or YYYYMMDDTHHMMSSZ
  end: string;
  summary?: string;
  status?: string;
  description?: string;
};

/** An Airbnb-shaped feed (CRLF, all-day dates, 'Reserved'), or timed entries when the dates carry a time. */
export function icsOf(events: FeedEvent[], prodId = "-//Airbnb Inc//Hosting Calendar 1.0//EN"): string {
  const lines = ["BEGIN:VCALENDAR", `PRODID:${prodId}`, "VERSION:2.0"];
  for (const ev of events) {
    const value = ev.start.length === 8 ? ";VALUE=DATE" : "";
    lines.push(
      "BEGIN:VEVENT",
      `UID:${ev.uid}`,
      `DTSTART${value}:${ev.start}`,
      `DTEND${value}:${ev.end}`,
      `SUMMARY:${ev.summary ?? "Reserved"}`,
      ...(ev.description ? [`DESCRIPTION:${ev.description}`] : []),
      ...(ev.status ? [`STATUS:${ev.status}`] : []),
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.join("\r\n")}\r\n`;
}
