import "server-only";
import { formatZoned } from "@/lib/time/format-zoned";
import type { PlannedArrival } from "./plan-arrivals";
import { howToOpenLine, type MessageValues, renderMessage } from "@/lib/model/message-templates";

/** The values a site's template is filled with for one arrival (times on the site's clock, zone named). */
export function valuesOf(p: PlannedArrival, deskFallback: string): MessageValues {
  const zone = p.site.timeZone;
  const last = Math.max(...p.doors.map((d) => d.end.getTime()));
  return {
    guest_name: p.customerName,
    site: p.site.siteName ?? p.doors[0]?.doorName ?? "",
    doors: p.doors.map((d) => d.doorName).join(", "),
    start: formatZoned(p.arrivalAt, zone),
    end: formatZoned(last, zone),
    zone,
    how_to_open: p.doors
      .filter((d) => d.grantId && d.credential)
      .map((d) => howToOpenLine({ name: d.doorName, credential: d.credential!, grantId: d.grantId! }))
      .join("\n"),
    desk_contact: p.site.deskContact || deskFallback,
  };
}

/** Subject, text and HTML for an arrival; a correction says so first (the guest may hold an earlier message). */
export function composeMessage(p: PlannedArrival, o: { correction: boolean; deskFallback: string }) {
  const m = renderMessage(p.site.templates, valuesOf(p, o.deskFallback));
  if (!o.correction) return m;
  const note = "This replaces our earlier message: the times, the doors or your code changed.";
  return {
    subject: `Updated: ${m.subject}`,
    text: `${note}\n\n${m.text}`,
    html: `<p><strong>${note}</strong></p>\n${m.html}`,
  };
}
