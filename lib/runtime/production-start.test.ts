import { describe, expect, it } from "vitest";
import { locallyGeneratedSecrets, secretsWarning } from "./production-start";

const all = { AUTH_SECRET: "a".repeat(40), CODE_ENCRYPTION_KEY: "b".repeat(64), NUKI_WEBHOOK_SECRET: "c".repeat(32) };

describe("the production start's secrets notice", () => {
  it("is silent when every shared secret is set explicitly", () => {
    expect(secretsWarning(all, "/data/secrets.json")).toEqual([]);
  });
  it("names exactly the secrets the environment leaves to local generation, with the file", () => {
    const lines = secretsWarning({ ...all, CODE_ENCRYPTION_KEY: undefined }, "/data/secrets.json").join("\n");
    expect(lines).toContain("/data/secrets.json");
    expect(lines).toContain("CODE_ENCRYPTION_KEY");
    expect(lines).not.toMatch(/AUTH_SECRET|NUKI_WEBHOOK_SECRET/);
    expect(locallyGeneratedSecrets({}).map((s) => s.name)).toEqual([
      "AUTH_SECRET",
      "CODE_ENCRYPTION_KEY",
      "NUKI_WEBHOOK_SECRET",
    ]);
  });
});
