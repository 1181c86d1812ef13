import net from "node:net";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueMail } from "@/db/queries/outbox";
import { outbox } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { deliverOutbox } from "./deliver-outbox";

/** Just enough SMTP to accept mail on loopback and keep what it received. */
function smtpSink() {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    let data = false;
    let buffer = "";
    socket.write("220 sink ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString();
      let i: number;
      while ((i = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (data) {
          if (line === ".") {
            data = false;
            socket.write("250 queued\r\n");
          } else received[received.length - 1] += `${line}\n`;
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === "EHLO" || cmd === "HELO") socket.write("250 sink\r\n");
        else if (cmd === "DATA") {
          data = true;
          received.push("");
          socket.write("354 go\r\n");
        } else if (cmd === "QUIT") {
          socket.write("221 bye\r\n");
          socket.end();
        } else if (cmd === "RCPT" && line.includes("bounce@")) socket.write("550 no such user\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  return { server, received };
}

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const sink = smtpSink();
let port = 0;
beforeAll(async () => {
  t = await createTestDatabase();
  await new Promise<void>((r) => sink.server.listen(0, "127.0.0.1", r));
  port = (sink.server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  sink.server.close();
  await t.drop();
});

describe("outbox delivery over SMTP", () => {
  it("sends queued mail once, and keeps what a server refused for the next run", async () => {
    await queueMail(t.db, {
      to: "ida@example.com",
      subject: "Your access is ready",
      body: "Hello Ida",
      kind: "access-ready",
    });
    await queueMail(t.db, { to: "bounce@example.com", subject: "Nope", body: "x", kind: "access-ready" });
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
    expect(await deliverOutbox(t.db, transport, { from: "Portier <no-reply@portier.test>" })).toEqual({
      sent: 1,
      failed: 1,
    });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]).toContain("Subject: Your access is ready");
    expect(sink.received[0]).toContain("Hello Ida");
    expect(await deliverOutbox(t.db, transport, { from: "x@y.z" })).toEqual({ sent: 0, failed: 1 });
    const rows = await t.db.select().from(outbox);
    expect(rows.filter((r) => r.sentAt)).toHaveLength(1);
  });

  it("sends a sign-in link, then keeps no token in the stored copy (issue 14, Low)", async () => {
    const token = "A".repeat(43);
    await queueMail(t.db, {
      to: "ida@example.com",
      subject: "Your Portier sign-in link",
      body: `Hello Ida,\n\nhttp://portier.test/portal/link?token=${token}\n\nThe link works once.`,
      kind: "login-link",
    });
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
    await deliverOutbox(t.db, transport, { from: "x@y.z" });
    expect(sink.received.at(-1)).toContain("portal/link"); // the customer gets the link (QP-encoded on the wire)
    const stored = (await t.db.select().from(outbox)).find((r) => r.kind === "login-link")!;
    expect(stored.sentAt).not.toBeNull();
    expect(stored.body).not.toContain(token);
    expect(stored.body).toContain("sign-in link removed");
  });
});
