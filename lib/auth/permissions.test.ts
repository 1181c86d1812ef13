import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLES, type Permission, type Role } from "./permissions";

// The whole role × permission matrix, written out so a change to permissions.ts must change this too.
const EXPECTED: Record<Role, Permission[]> = {
  admin: [
    "customers.read",
    "customers.write",
    "doors.read",
    "doors.write",
    "access.read",
    "access.write",
    "codes.reveal",
    "audit.read",
    "activity.read",
    "users.admin",
    "settings.admin",
  ],
  manager: ["customers.read", "doors.read", "access.read", "codes.reveal", "audit.read", "activity.read"],
  staff: ["customers.read", "customers.write", "doors.read", "access.read", "access.write", "activity.read"],
  customer: ["portal.self"],
};

describe("role × permission matrix", () => {
  for (const role of ROLES) {
    for (const permission of PERMISSIONS) {
      const allowed = EXPECTED[role].includes(permission);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }
});
