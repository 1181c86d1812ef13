import { eq, like } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditLog, customers, doors, grants, guestDeliveries, outbox } from "@/db/schema";
import { deliverOutbox } from "@/lib/mail/deliver-outbox";
import { advance, createEngine, type Engine, hoursFromNow } from "@/test/engine";
import { regenerateCode } from "../codes/regenerate-code";
import { todayArrivals } from "../readiness/today-arrivals";
import { reconcileOnce } from "../reconciler/run-once";
import { createSite } from "../sites/save-site";
import { updateSiteDelivery } from "../sites/site-delivery";
import { createWindow } from "../windows/create-window";
import { updateWindow } from "../windows/update-window";
import { customerDeliveryStatus, sendAccessMessageNow } from "./delivery-status";
import { runGuestDeliveries } from "./run-deliveries";

let e: Engine;
afterEach(async () => e?.close());

const H = 3_600_000;
const settle = async () => {
  await reconcileOnce(e, "w");
  await advance(e, 2100);
  await reconcileOnce(e, "w");
};
const once = (c: number, d: number, fromH: number, toH: number) =>
  createWindow(e, e.actor, {
    customerId: e.customerIds[c]!,
    doorId: e.doorIds[d]!,
    window: { kind: "once", startsAt: hoursFromNow(e, fromH), endsAt: hoursFromNow(e, toH) },
  });
const guestMails = () => e.db.select().from(outbox).where(like(outbox.kind, "guest-access%"));
const codeOf = async (c: number, d: number) => {
  const rows = await e.db.select().from(grants).where(eq(grants.customerId, e.customerIds[c]!));
  return String(e.vault.decrypt(rows.find((r) => r.doorId === e.doorIds[d])!.codeEnc!));
};
/** An SMTP stand-in that keeps what it was given. */
const sink = () => {
  const sent: { to: string; subject: string; text: string; html?: string }[] = [];
  return { sent, sendMail: async (m: (typeof sent)[number]) => void sent.push(m) };
};

describe("guest delivery that waits for the truth", () => {
  it("confirmed and lead time reached → one message per arrival (all its doors), the code written in only when sent", async () => {
    e = await createEngine({ doors: 2 });
    await once(0, 0, 50, 74); // room: arrives in 50 h
    await once(0, 1, 50, 74); // front door, same stay
    await settle();
    // 50 h ahead with a 48 h lead: confirmed, but too early.
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 0 });
    expect((await customerDeliveryStatus(e.db, e.actor, e.customerIds[0]!, e.now())).state).toBe("scheduled");
    e.clock.advance(2 * H + 60_000);
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 1 });
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 0, corrected: 0 });
    const mails = await guestMails();
    expect(mails).toHaveLength(1);
    const code = await codeOf(0, 0);
    // The outbox row holds a reference, never the code.
    expect(JSON.stringify(mails[0])).not.toContain(code);
    expect(mails[0]!.body).toContain("Door 0, Door 1");
    expect(mails[0]!.body).toMatch(/\[\[code:[0-9a-f-]{36}\]\]/);
    const smtp = sink();
    expect(await deliverOutbox(e.db, smtp, { from: "p@x", vault: e.vault })).toEqual({ sent: 1, failed: 0 });
    expect(smtp.sent[0]!.to).toBe("c0@example.com");
    expect(smtp.sent[0]!.text).toContain(`enter your code ${code} on the keypad`);
    expect(smtp.sent[0]!.html).toContain(code);
    expect(smtp.sent[0]!.text).toMatch(/From: .* CET/); // the site's clock, zone named
    // Stored copy after sending: still no code.
    expect(JSON.stringify(await guestMails())).not.toContain(code);
    // Mailing a code is a disclosure: audited like a reveal, without the code.
    const audit = await e.db.select().from(auditLog).where(eq(auditLog.action, "code.deliver"));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorLabel).toBe("Guest delivery");
    expect(JSON.stringify(audit)).not.toContain(code);
    expect((await customerDeliveryStatus(e.db, e.actor, e.customerIds[0]!, e.now())).words).toMatch(
      /^Access message: sent /,
    );
  });

  it("not confirmed at the deadline → no guest mail, one desk alert, shown on Today; a later confirmation still sends", async () => {
    e = await createEngine({ doors: 1 });
    await once(0, 0, 3, 10);
    e.sim.setOnline(e.smartlockIds[0]!, false);
    await advance(e, 200);
    await settle();
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 0, held: 0 }); // 3 h ahead: before the 2 h deadline
    expect((await customerDeliveryStatus(e.db, e.actor, e.customerIds[0]!, e.now())).state).toBe("waiting");
    e.clock.advance(H + 60_000);
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 0, held: 1 });
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 0, held: 0 });
    expect(await guestMails().then((m) => m.map((x) => [x.kind, x.to]))).toEqual([
      ["guest-access-held", "desk@example.com"],
    ]);
    const [alert] = await guestMails();
    expect(alert!.body).toContain("Portier sends the message then");
    const status = await customerDeliveryStatus(e.db, e.actor, e.customerIds[0]!, e.now());
    expect(status.words).toMatch(/^Access message: held — not confirmed/);
    const board = await todayArrivals(e.db, e.actor, e.now());
    expect(board.arrivals[0]!.readiness.reasons.map((r) => r.code)).toContain("message_held");
    await expect(sendAccessMessageNow(e, e.actor, e.customerIds[0]!)).rejects.toMatchObject({ code: "CONFLICT" });

    // The lock comes back and confirms before arrival: the message goes out then, once.
    e.sim.setOnline(e.smartlockIds[0]!, true);
    await advance(e, 200);
    await settle();
    await settle();
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 1 });
    expect((await guestMails()).filter((m) => m.to === "c0@example.com")).toHaveLength(1);
    expect(
      (await todayArrivals(e.db, e.actor, e.now())).arrivals[0]!.readiness.reasons.map((r) => r.code),
    ).not.toContain("message_held");
  });

  it("a moved window or a new code after sending → one corrected message per change", async () => {
    e = await createEngine({ doors: 1 });
    const { window } = await once(0, 0, 10, 20);
    await settle();
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 1 });
    await updateWindow(e, e.actor, {
      windowId: window.id,
      expectedVersion: window.version,
      window: { kind: "once", startsAt: hoursFromNow(e, 12), endsAt: hoursFromNow(e, 20) },
    });
    // Not confirmed yet: no correction until the lock holds the new times.
    expect(await runGuestDeliveries(e)).toMatchObject({ corrected: 0 });
    await settle();
    expect(await runGuestDeliveries(e)).toMatchObject({ corrected: 1 });
    expect(await runGuestDeliveries(e)).toMatchObject({ corrected: 0 });
    let mails = (await guestMails()).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    expect(mails.map((m) => m.kind)).toEqual(["guest-access", "guest-access-update"]);
    expect(mails[1]!.subject).toMatch(/^Updated: /);
    expect(mails[1]!.body).toContain("This replaces our earlier message");

    await regenerateCode(e, e.actor, e.customerIds[0]!);
    await settle();
    await settle();
    expect(await runGuestDeliveries(e)).toMatchObject({ corrected: 1 });
    expect(await runGuestDeliveries(e)).toMatchObject({ corrected: 0 });
    mails = await guestMails();
    expect(mails).toHaveLength(3);
    const [row] = await e.db.select().from(guestDeliveries);
    expect(row!.revision).toBe(3);
  });

  it("per-site templates: the site's wording, lead time and desk contact, with every value HTML-escaped", async () => {
    e = await createEngine({ doors: 1 });
    const admin = { ...e.actor, role: "admin" as const };
    const site = await createSite(e, admin, {
      name: "Haus <B>",
      timeZone: "Europe/Lisbon",
      checkIn: "15:00",
      checkOut: "11:00",
    });
    await e.db.update(doors).set({ siteId: site.id, timeZone: "Europe/Lisbon" }).where(eq(doors.id, e.doorIds[0]!));
    await e.db
      .update(customers)
      .set({ name: `Bob <script>alert("x")</script> [[code:00000000-0000-0000-0000-000000000000]]` })
      .where(eq(customers.id, e.customerIds[0]!));
    await expect(
      updateSiteDelivery(e, admin, {
        siteId: site.id,
        expectedVersion: site.version,
        settings: { leadHours: 24, deadlineHours: 2, subject: "Hi {{gest}}", text: "x", html: "x", deskContact: "" },
      }),
    ).rejects.toThrow(/\{\{gest\}\} is not a placeholder/);
    await updateSiteDelivery(e, admin, {
      siteId: site.id,
      expectedVersion: site.version,
      settings: {
        leadHours: 24,
        deadlineHours: 2,
        subject: "Welcome to {{site}}, {{guest_name}}",
        text: "Dear {{guest_name}}: {{start}} – {{end}} ({{zone}})\n{{how_to_open}}\nDesk: {{desk_contact}}",
        html: "<h1>Dear {{guest_name}}</h1><p>{{how_to_open}}</p><p>{{desk_contact}}</p>",
        deskContact: "+351 555 0100 <desk@haus.pt>",
      },
    });
    await once(0, 0, 30, 40);
    await settle();
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 0 }); // 30 h > the site's 24 h lead
    e.clock.advance(6 * H + 60_000);
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 1 });
    const [m] = await guestMails();
    expect(m!.subject).toBe(
      `Welcome to Haus <B>, Bob <script>alert("x")</script> [ [code:00000000-0000-0000-0000-000000000000]]`,
    );
    expect(m!.body).toContain("(Europe/Lisbon)");
    expect(m!.body).toContain("Desk: +351 555 0100 <desk@haus.pt>");
    expect(m!.html).toContain("<h1>Dear Bob &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(m!.html).not.toContain("<script>");
    expect(m!.html).toContain("+351 555 0100 &lt;desk@haus.pt&gt;");
    const smtp = sink();
    await deliverOutbox(e.db, smtp, { from: "p@x", vault: e.vault });
    const code = await codeOf(0, 0);
    expect(smtp.sent[0]!.text).toContain(code);
    // The guest's name could not smuggle a code reference in.
    expect(smtp.sent[0]!.subject).toContain("[ [code:");
  });

  it("a guest without email (to hand over at the desk) is never mailed; Send now refuses too", async () => {
    e = await createEngine({ doors: 1 });
    await e.db.update(customers).set({ email: "guest-0110@feed.invalid" }).where(eq(customers.id, e.customerIds[0]!));
    await once(0, 0, 5, 30);
    await settle();
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 0, held: 0 });
    e.clock.advance(4 * H);
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 0, held: 0 });
    expect(await guestMails()).toEqual([]);
    expect(await e.db.select().from(outbox).where(like(outbox.to, "%.invalid"))).toEqual([]);
    await expect(sendAccessMessageNow(e, e.actor, e.customerIds[0]!)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await customerDeliveryStatus(e.db, e.actor, e.customerIds[0]!, e.now())).state).toBe("hand_over");
  });

  it("Send now (staff) sends a confirmed arrival before its lead time, audited as the staff member; managers may not", async () => {
    e = await createEngine({ doors: 1 });
    await once(0, 0, 100, 110);
    await settle();
    const manager = { ...e.actor, role: "manager" as const };
    await expect(sendAccessMessageNow(e, manager, e.customerIds[0]!)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await sendAccessMessageNow(e, e.actor, e.customerIds[0]!);
    expect(await guestMails()).toHaveLength(1);
    expect(await runGuestDeliveries(e)).toMatchObject({ sent: 0, corrected: 0 });
    const audit = await e.db.select().from(auditLog).where(eq(auditLog.action, "code.deliver"));
    expect(audit.map((a) => a.actorLabel)).toEqual(["Desk"]);
    await expect(sendAccessMessageNow(e, e.actor, e.customerIds[0]!)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
