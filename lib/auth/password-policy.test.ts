import { describe, expect, it } from "vitest";
import { passwordProblems } from "./password-policy";

const account = { email: "dana.desk@portier.test", name: "Dana Desk" };

describe("password rules and the offline common-password check (issue 14, Low)", () => {
  it("refuses short, common (decorated or leet) and personal passwords, with words", () => {
    expect(passwordProblems("short", account)).toContain("Use at least 12 characters.");
    for (const common of [
      "password123!",
      "Password1234",
      "P4ssw0rd!!!!",
      "qwertyuiop12",
      "111111111111",
      "123456789012",
    ])
      expect(passwordProblems(common, account), common).toContain(
        "This password is among the most common ones; choose another.",
      );
    expect(passwordProblems("dana.desk-is-great", account)).toContain(
      "Do not use your name or email address in the password.",
    );
    expect(passwordProblems("x".repeat(201), account)).toContain("Use at most 200 characters.");
  });
  it("accepts a long passphrase", () => {
    expect(passwordProblems("correct horse battery staple", account)).toEqual([]);
  });
});
