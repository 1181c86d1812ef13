import { readFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

/**
 * The calendar bench's baseline: a bare react-big-calendar (no Portier wrappers: no drag and drop,
 * no badges, no filters, no data fetching) drawing the same events, bundled here with esbuild (the
 * one tsx runs on) into a single static page that the bench serves to Chromium itself
 * (page.route), so nothing is added to the app. Same calendar settings as access-calendar.tsx
 * (date-fns localizer, Monday weeks, 30-minute steps in two slots, scrolled to 07:00, 720 px high).
 */
const ENTRY = `
import { createElement as h } from "react";
import { createRoot } from "react-dom/client";
import { Calendar, dateFnsLocalizer } from "react-big-calendar";
import { format, getDay, parse, startOfWeek } from "date-fns";
import { enUS } from "date-fns/locale";
const localizer = dateFnsLocalizer({ format, parse, startOfWeek: (d) => startOfWeek(d, { weekStartsOn: 1 }), getDay, locales: { "en-US": enUS } });
const input = window.__BARE;
const events = input.events.map((e) => ({ title: e.title, start: new Date(e.start), end: new Date(e.end) }));
createRoot(document.getElementById("root")).render(
  h("div", { style: { height: 720 } },
    h(Calendar, { localizer, events, view: input.view, views: ["week", "month"], onView: () => {}, date: new Date(input.date),
      onNavigate: () => {}, step: 30, timeslots: 2, scrollToTime: new Date(1970, 0, 1, 7), popup: true })));
`;

let bundled: Promise<string> | null = null;
function bundle(): Promise<string> {
  bundled ??= build({
    stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    write: false,
    format: "iife",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "error",
  }).then((r) => r.outputFiles[0]!.text);
  return bundled;
}

export type BareEvent = { title: string; start: string; end: string };

/** The whole page: react-big-calendar's own CSS, the events inline, the bundle. */
export async function barePage(events: BareEvent[], view: "week" | "month", date: Date): Promise<string> {
  const css = readFileSync(
    path.join(process.cwd(), "node_modules/react-big-calendar/lib/css/react-big-calendar.css"),
    "utf8",
  );
  const data = JSON.stringify({ events, view, date: date.toISOString() }).replace(/</g, "\\u003c");
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body><div id="root"></div><script>window.__BARE=${data}</script><script>${await bundle()}</script></body></html>`;
}
