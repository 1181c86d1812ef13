import "server-only";
import type { Site } from "@/db/schema";
import { formatZoned } from "@/lib/time/format-zoned";
import { addDays, localDateOf, zonedInstant } from "@/lib/time/zoned-time";
import { FRONT_DESK_EMAIL } from "../portal/portal-actions";
import { howToOpenLine, type MessageValues } from "@/lib/model/message-templates";

/** What the site page's preview fills the templates with: a stay from the day after tomorrow, at the site's check-in. */
export function sampleValues(site: Site, doorNames: string[], now = Date.now()): MessageValues {
  const day = addDays(localDateOf(now, site.timeZone), 2);
  const start = zonedInstant(day, site.checkInMinutes, site.timeZone);
  const end = zonedInstant(addDays(day, 3), site.checkOutMinutes, site.timeZone);
  const names = doorNames.length ? doorNames.slice(0, 2) : ["Room 1"];
  const sampleGrant = "00000000-0000-4000-8000-000000000000";
  return {
    guest_name: "Anna Adler",
    site: site.name,
    doors: names.join(", "),
    start: formatZoned(start, site.timeZone),
    end: formatZoned(end, site.timeZone),
    zone: site.timeZone,
    how_to_open: [
      howToOpenLine({ name: names[0]!, credential: "keypad", grantId: sampleGrant }),
      ...(names[1] ? [howToOpenLine({ name: names[1], credential: "app", grantId: sampleGrant })] : []),
    ].join("\n"), // the preview writes a sample code where the marker stands

    desk_contact: site.deskContact || FRONT_DESK_EMAIL(),
  };
}
