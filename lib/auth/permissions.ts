/**
 * What each role may do. Code asks for a permission, never for a role, so the matrix lives here
 * only (and is tested cell by cell).
 */
import { isStaffRole, ROLES, STAFF_ROLES, type Role } from "@/lib/model/roles";

export { isStaffRole, ROLES, STAFF_ROLES, type Role };

export const PERMISSIONS = [
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
  // Retention periods and other operator settings: admins only (shortening one deletes history).
  "settings.admin",
  "portal.self",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS.filter((p) => p !== "portal.self"),
  // Managers review: calendars, audit, activity; they may reveal codes but change nothing.
  manager: ["customers.read", "doors.read", "access.read", "codes.reveal", "audit.read", "activity.read"],
  // The front desk schedules and hands out credentials; it cannot read codes back in clear.
  staff: ["customers.read", "customers.write", "doors.read", "access.read", "access.write", "activity.read"],
  customer: ["portal.self"],
};

export const can = (role: Role, permission: Permission) => ROLE_PERMISSIONS[role].includes(permission);

/**
 * Who is acting: resolved from the session (or "system" for the reconciler and seed), or an API key
 * acting with a role's rights (`apiKeyId` set; `id` is then the key's id, not a user's).
 */
export type Actor = { id: string; role: Role; label: string; customerId: string | null; apiKeyId?: string };
