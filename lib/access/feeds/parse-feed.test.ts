import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { guardTrips, nextPollDelayMs } from "./guard";
import { FeedParseError, parseFeed } from "./parse-feed";
import { classify, guessProfile } from "./profiles";
import { type StaySettings, staysOf } from "./stays";

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/feeds/${name}`, import.meta.url), "utf8");
const YEAR = { from: Date.UTC(2026, 0, 1), until: Date.UTC(2027, 0, 1) };
const berlin = (profile: StaySettings["profile"], o: Partial<StaySettings> = {}): StaySettings => ({
  profile,
  stayPattern: null,
  blockPattern: null,
  timeZone: "Europe/Berlin",
  checkInMinutes: 15 * 60,
  checkOutMinutes: 11 * 60,
  graceBeforeMinutes: 0,
  graceAfterMinutes: 0,
  ...o,
});
const iso = (t: number) => new Date(t).toISOString();

describe("Airbnb feed (CRLF, folded lines, all-day)", () => {
  const parsed = parseFeed(fixture("airbnb.ics"), YEAR);

  it("reads every entry with its UID, unfolding the long DESCRIPTION", () => {
    expect(parsed.entries).toHaveLength(3);
    expect(parsed.entries[0]!.description).toContain("Phone Number (Last 4 Digits): 4821");
    expect(parsed.entries[0]!.when).toEqual({ kind: "dates", arrival: "2026-01-10", departure: "2026-01-13" });
    expect(guessProfile("https://www.airbnb.com/calendar/ical/1.ics?s=x", parsed.prodId)).toBe("airbnb");
  });

  it("'Reserved' is a stay from check-in on arrival to check-out on the departure day; 'Not available' is a block", () => {
    const plan = staysOf(parsed.entries, berlin("airbnb"));
    expect(plan.blocks).toBe(1);
    expect(plan.stays.map((s) => s.guestName)).toEqual(["Airbnb guest 4821", "Airbnb guest 1234"]);
    const [first] = plan.stays;
    expect(iso(first!.startsAt)).toBe("2026-01-10T14:00:00.000Z"); // 15:00 CET
    expect(iso(first!.endsAt)).toBe("2026-01-13T10:00:00.000Z"); // 11:00 CET
    expect(first!.email).toBeNull();
  });

  it("a DST weekend keeps the wall clock: in at 15:00 CET, out at 11:00 CEST", () => {
    const dst = staysOf(parsed.entries, berlin("airbnb")).stays[1]!;
    expect(iso(dst.startsAt)).toBe("2026-03-27T14:00:00.000Z");
    expect(iso(dst.endsAt)).toBe("2026-03-31T09:00:00.000Z");
  });

  it("per-feed check-in/out and grace minutes move the window", () => {
    const s = staysOf(
      parsed.entries,
      berlin("airbnb", {
        checkInMinutes: 16 * 60,
        checkOutMinutes: 10 * 60,
        graceBeforeMinutes: 30,
        graceAfterMinutes: 15,
      }),
    ).stays[0]!;
    expect(iso(s.startsAt)).toBe("2026-01-10T14:30:00.000Z");
    expect(iso(s.endsAt)).toBe("2026-01-13T09:15:00.000Z");
  });
});

describe("Booking.com feed (bare LF)", () => {
  const parsed = parseFeed(fixture("booking.ics"), YEAR);
  it("'CLOSED - Not available' counts as a stay by default", () => {
    expect(fixture("booking.ics")).not.toContain("\r\n");
    const plan = staysOf(parsed.entries, berlin("booking"));
    expect(plan.stays).toHaveLength(2);
    expect(plan.blocks).toBe(0);
    expect(plan.stays[0]!.guestName).toBe("Booking guest 01-12");
  });
  it("the operator can override it: a block pattern makes them blocks", () => {
    const plan = staysOf(parsed.entries, berlin("booking", { blockPattern: "closed" }));
    expect(plan.stays).toHaveLength(0);
    expect(plan.blocks).toBe(2);
  });
});

describe("PMS feed (TZID + VTIMEZONE, UTC, cancelled, recurring blocks)", () => {
  const parsed = parseFeed(fixture("pms.ics"), YEAR);
  const plan = staysOf(parsed.entries, berlin("pms"));
  const byUid = new Map(plan.stays.map((s) => [s.uid, s]));

  it("reads TZID times by the feed's own VTIMEZONE rules, across the October DST change", () => {
    const s = byUid.get("res-1001@pms.example")!;
    expect(iso(s.startsAt)).toBe("2026-10-24T14:00:00.000Z"); // 16:00 CEST
    expect(iso(s.endsAt)).toBe("2026-10-26T09:00:00.000Z"); // 10:00 CET
    expect(s.guestName).toBe("Jana Novak");
    expect(s.email).toBe("jana.novak@example.org");
  });

  it("reads UTC times and the ATTENDEE email", () => {
    const s = byUid.get("res-1002@pms.example")!;
    expect(iso(s.startsAt)).toBe("2026-01-20T14:00:00.000Z");
    expect(s.email).toBe("piotr@example.org");
  });

  it("STATUS:CANCELLED is a cancellation; recurring housekeeping and an owner block are blocks", () => {
    expect(byUid.get("res-1003@pms.example")!.cancelled).toBe(true);
    expect(plan.stays.filter((s) => !s.cancelled)).toHaveLength(2);
    // 10 weekly housekeeping occurrences (expanded by ical.js) + the owner block.
    expect(parsed.entries.filter((e) => e.recurring)).toHaveLength(10);
    expect(plan.blocks).toBe(11);
  });

  it("a TZID without VTIMEZONE is read as an IANA zone; floating times on the site's clock", () => {
    const text = fixture("pms.ics")
      .replace(/BEGIN:VTIMEZONE[\s\S]*END:VTIMEZONE\r\n/, "")
      .replaceAll("W. Europe Standard Time", "America/New_York");
    const s = staysOf(parseFeed(text, YEAR).entries, berlin("pms")).stays.find(
      (x) => x.uid === "res-1001@pms.example",
    )!;
    expect(iso(s.startsAt)).toBe("2026-10-24T20:00:00.000Z"); // 16:00 EDT
    const floating = staysOf(
      parseFeed(fixture("pms.ics").replaceAll(";TZID=W. Europe Standard Time", ""), YEAR).entries,
      berlin("pms"),
    ).stays.find((x) => x.uid === "res-1001@pms.example")!;
    expect(iso(floating.startsAt)).toBe("2026-10-24T14:00:00.000Z");
  });
});

describe("rules", () => {
  it("refuses what is not iCalendar", () => {
    expect(() => parseFeed("<html>login</html>", YEAR)).toThrow(FeedParseError);
  });
  it("a one-day all-day entry without DTEND lasts one night", () => {
    const text =
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART;VALUE=DATE:20260110\nSUMMARY:Reserved\nEND:VEVENT\nEND:VCALENDAR\n";
    expect(parseFeed(text, YEAR).entries[0]!.when).toEqual({
      kind: "dates",
      arrival: "2026-01-10",
      departure: "2026-01-11",
    });
  });
  it("entries without a UID are skipped, not guessed", () => {
    const text =
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260110\nSUMMARY:Reserved\nEND:VEVENT\nEND:VCALENDAR\n";
    expect(parseFeed(text, YEAR)).toMatchObject({ entries: [], skipped: 1 });
  });
  it("a block pattern wins over the stay pattern", () => {
    const e = parseFeed(fixture("airbnb.ics"), YEAR).entries[0]!;
    expect(classify(e, { profile: "airbnb", stayPattern: null, blockPattern: "reserved" })).toBe("block");
    expect(classify(e, { profile: "airbnb", stayPattern: "nothing", blockPattern: null })).toBe("block");
  });
  it("the guard holds on a mass disappearance or an empty feed, not on one cancellation", () => {
    expect(guardTrips({ future: 10, vanished: 1, feedEmpty: false, thresholdPct: 30 })).toBe(false);
    expect(guardTrips({ future: 10, vanished: 3, feedEmpty: false, thresholdPct: 30 })).toBe(false);
    expect(guardTrips({ future: 10, vanished: 4, feedEmpty: false, thresholdPct: 30 })).toBe(true);
    expect(guardTrips({ future: 1, vanished: 1, feedEmpty: true, thresholdPct: 30 })).toBe(true);
    expect(guardTrips({ future: 0, vanished: 0, feedEmpty: true, thresholdPct: 30 })).toBe(false);
  });
  it("backoff doubles per failure up to 6 hours", () => {
    expect(nextPollDelayMs(15, 1)).toBe(30 * 60_000);
    expect(nextPollDelayMs(15, 3)).toBe(120 * 60_000);
    expect(nextPollDelayMs(15, 20)).toBe(6 * 3_600_000);
  });
});

describe("fetching", () => {
  it("refuses link-local addresses (cloud metadata) on the first hop and after a redirect", async () => {
    const { fetchFeed } = await import("./fetch-feed");
    const none = { etag: null, lastModified: null };
    const limits = { timeoutMs: 1000, maxBytes: 1000 };
    await expect(fetchFeed("http://169.254.169.254/latest/meta-data/", none, limits)).rejects.toThrow(/link-local/);
    await expect(fetchFeed("http://[fe80::1]/feed.ics", none, limits)).rejects.toThrow(/link-local/);
    const redirecting = (async () =>
      new Response(null, { status: 302, headers: { location: "http://169.254.169.254/" } })) as unknown as typeof fetch;
    await expect(fetchFeed("http://127.0.0.1:9/feed.ics", none, { ...limits, fetch: redirecting })).rejects.toThrow(
      /link-local/,
    );
    const loop = (async () =>
      new Response(null, { status: 301, headers: { location: "/again" } })) as unknown as typeof fetch;
    await expect(fetchFeed("http://127.0.0.1:9/feed.ics", none, { ...limits, fetch: loop })).rejects.toThrow(
      /too often/,
    );
  });

  it("refuses loopback and private addresses unless OUTBOUND_ALLOW_PRIVATE_HOSTS allows them — typed literally or behind a name", async () => {
    const { fetchFeed } = await import("./fetch-feed");
    const none = { etag: null, lastModified: null };
    const limits = { timeoutMs: 2000, maxBytes: 1000 };
    const saved = process.env.OUTBOUND_ALLOW_PRIVATE_HOSTS;
    process.env.OUTBOUND_ALLOW_PRIVATE_HOSTS = "";
    try {
      for (const url of [
        "http://127.0.0.1:9/f.ics",
        "http://10.1.2.3/f.ics",
        "http://[::1]:9/f.ics",
        "http://[fd00::5]/f.ics",
      ])
        await expect(fetchFeed(url, none, limits), url).rejects.toThrow(/loopback or private-network/);
      // A name is checked by the connection's own lookup (localhost resolves to loopback).
      await expect(fetchFeed("http://localhost:9/f.ics", none, limits)).rejects.toThrow(
        /does not read feeds from loopback or private-network/,
      );
    } finally {
      process.env.OUTBOUND_ALLOW_PRIVATE_HOSTS = saved;
    }
    // Allowed again: the same literal gets past the guard to the (closed) port.
    await expect(fetchFeed("http://127.0.0.1:9/f.ics", none, limits)).rejects.toThrow(/could not be reached/);
  });
});
