/**
 * Who signs in to Portier. What each role may do lives in lib/auth/permissions.ts (server side);
 * this list is what both the server and the browser need. Client-safe: no server code.
 */
export const ROLES = ["admin", "manager", "staff", "customer"] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ["admin", "manager", "staff"] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];
export const isStaffRole = (role: Role): role is StaffRole => (STAFF_ROLES as readonly Role[]).includes(role);
