import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { consoleToLogger } from "./console-bridge";
import { createLogger } from "./logger";
import { withRequestContext } from "./request-context";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { log: createLogger(stream), lines };
}

describe("structured logs", () => {
  it("redact keypad codes, tokens, passwords and secrets by key, at the depths we log", () => {
    const { log, lines } = capture();
    log.info(
      {
        code: 345678,
        token: "nuki-api-token",
        data: { password: "hunter22", secret: "whsec", auth: { code: 123456 }, headers: { authorization: "Bearer x" } },
      },
      "hello",
    );
    const text = JSON.stringify(lines);
    for (const leaked of ["345678", "nuki-api-token", "hunter22", "whsec", "123456", "Bearer x"])
      expect(text).not.toContain(leaked);
    expect(lines[0]).toMatchObject({ code: "[redacted]", token: "[redacted]", msg: "hello", level: 30 });
  });

  it("carry the request id of the work they belong to", async () => {
    const { log, lines } = capture();
    await withRequestContext({ requestId: "req-12345678", userId: "u1" }, async () => {
      await Promise.resolve();
      log.info("inside");
    });
    log.info("outside");
    expect(lines[0]).toMatchObject({ requestId: "req-12345678", userId: "u1", msg: "inside" });
    expect(lines[1]).not.toHaveProperty("requestId");
  });

  it("the console bridge turns '[component] text' and field objects into one record", () => {
    const { log, lines } = capture();
    const error = consoleToLogger(log)("error");
    error("[nuki/webhook] apply failed", { id: 7, code: 999999 }, "after", 3);
    expect(lines[0]).toMatchObject({
      level: 50,
      component: "nuki/webhook",
      msg: "apply failed after 3",
      data: { id: 7, code: "[redacted]" },
    });
  });
});
