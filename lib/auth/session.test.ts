import { beforeEach, describe, expect, it, vi } from "vitest";

// session.ts reads the Auth.js session; here the session is whatever the test says it is.
const auth = vi.fn();
vi.mock("./index", () => ({ auth: () => auth() }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Error(`REDIRECT ${url}`);
  },
}));
const { getActor, requireActor, requirePageActor } = await import("./session");

const session = (user: Record<string, unknown> | undefined) => auth.mockResolvedValue(user ? { user } : null);
const staff = { id: "u1", role: "staff", name: "Desk", email: "desk@x.test", customerId: null };

beforeEach(() => auth.mockReset());

describe("the signed-in actor", () => {
  it("is the session's user, labelled by name, else email, else id", async () => {
    session(staff);
    expect(await getActor()).toEqual({ id: "u1", role: "staff", label: "Desk", customerId: null });
    session({ ...staff, name: null });
    expect((await getActor())!.label).toBe("desk@x.test");
    session({ ...staff, name: undefined, email: undefined });
    expect((await getActor())!.label).toBe("u1");
    session({ id: "c1", role: "customer", name: "Cleo", customerId: "cust-1" });
    expect(await getActor()).toEqual({ id: "c1", role: "customer", label: "Cleo", customerId: "cust-1" });
  });
  it("is nobody without a session, a user id or a role", async () => {
    session(undefined);
    expect(await getActor()).toBeNull();
    session({ ...staff, id: "" });
    expect(await getActor()).toBeNull();
    session({ ...staff, role: undefined });
    expect(await getActor()).toBeNull();
  });
});

describe("requireActor (actions, route handlers)", () => {
  it("refuses strangers as UNAUTHENTICATED and roles without the permission as FORBIDDEN", async () => {
    session(undefined);
    await expect(requireActor("access.read")).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      userMessage: "Your session has ended. Please sign in again.",
    });
    session(staff);
    await expect(requireActor("codes.reveal")).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: "Your role does not allow this.",
    });
    await expect(requireActor("access.write")).resolves.toMatchObject({ id: "u1", role: "staff" });
  });
});

describe("requirePageActor (pages)", () => {
  it("sends strangers to the right sign-in page, keeping where they were going", async () => {
    session(undefined);
    await expect(requirePageActor("access.read", "/calendar?date=2026-01-01")).rejects.toThrow(
      "REDIRECT /login?next=%2Fcalendar%3Fdate%3D2026-01-01",
    );
    await expect(requirePageActor("portal.self", "/portal")).rejects.toThrow("REDIRECT /portal/login");
  });
  it("sends staff without the right to /forbidden and customers to their portal", async () => {
    session(staff);
    await expect(requirePageActor("users.admin", "/users")).rejects.toThrow("REDIRECT /forbidden");
    session({ id: "c1", role: "customer", name: "Cleo", customerId: "cust-1" });
    await expect(requirePageActor("access.read", "/calendar")).rejects.toThrow("REDIRECT /portal");
    await expect(requirePageActor("access.read", "/calendar")).rejects.not.toThrow("REDIRECT /forbidden");
    await expect(requirePageActor("portal.self", "/portal")).resolves.toMatchObject({ role: "customer" });
  });
});
