import { DEMO_CUSTOMER_LOGIN, DEMO_CUSTOMERS, DEMO_STAFF } from "@/lib/demo-building";

/** The demo sign-ins as `npm start` prints them (one source: lib/demo-building.ts, as the README lists). */
export function demoSignInLines(): string[] {
  const customer = DEMO_CUSTOMERS[DEMO_CUSTOMER_LOGIN.customerIndex];
  const rows: [string, string, string][] = [
    ...DEMO_STAFF.map((s): [string, string, string] => [
      s.email,
      s.password,
      s.role === "staff" ? "front desk" : s.role,
    ]),
    ...(customer
      ? [[customer.email, DEMO_CUSTOMER_LOGIN.password, "customer portal"] as [string, string, string]]
      : []),
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  const p = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([email, password, role]) => `    ${email.padEnd(w)} / ${password.padEnd(p)} (${role})`);
}
