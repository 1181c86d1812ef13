/**
 * The demo building, shared by the database seed and the Nuki simulator so both agree on which
 * locks exist. smartlockId = deviceType (4 = Smart Lock 3/4) × 2^32 + a Nuki id, as real ids are.
 */
export const DEMO_TIME_ZONE = "Europe/Berlin";
export const DEMO_SITE = { name: "Portier House", timeZone: DEMO_TIME_ZONE };

/** The bearer token the demo simulator accepts and the app's Nuki client sends in demo mode. */
export const DEMO_NUKI_TOKEN = "sim-token";

const lockId = (n: number) => 4 * 2 ** 32 + 0x3d1e9e00 + n;

export const DEMO_DOORS = [
  { name: "Main entrance", group: "Shared", n: 1 },
  { name: "Back entrance", group: "Shared", n: 2 },
  { name: "Bike room", group: "Shared", n: 3 },
  { name: "Studio A", group: "Studios", n: 4 },
  { name: "Studio B", group: "Studios", n: 5 },
  { name: "Studio C", group: "Studios", n: 6 },
  { name: "Studio D", group: "Studios", n: 7 },
  { name: "Meeting room 1", group: "Meeting rooms", n: 8 },
  { name: "Meeting room 2", group: "Meeting rooms", n: 9 },
  { name: "Workshop", group: "Workshop", n: 10 },
  { name: "Storage 1", group: "Storage", n: 11 },
  { name: "Storage 2", group: "Storage", n: 12 },
].map((d) => ({
  name: d.name,
  groupName: d.group,
  smartlockId: lockId(d.n),
  timeZone: DEMO_TIME_ZONE,
  deviceType: 4,
  nukiName: d.name,
  lockTimeZone: DEMO_TIME_ZONE,
}));

const FIRST = [
  "Anna",
  "Ben",
  "Clara",
  "David",
  "Elif",
  "Farid",
  "Greta",
  "Hannes",
  "Ida",
  "Jonas",
  "Kemal",
  "Lena",
  "Mika",
  "Nora",
  "Oskar",
  "Pia",
  "Quentin",
  "Rosa",
  "Selin",
  "Tim",
];
const LAST = ["Adler", "Berg", "Cordes", "Dietz", "Ebert", "Fuchs", "Graf", "Hahn", "Iske", "Jung", "Krüger", "Lorenz"];
const GROUPS = ["Studio tenants", "Coworking", "Workshop members", "Storage renters"];

export const DEMO_CUSTOMERS = Array.from({ length: 40 }, (_, i) => {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[(i * 7) % LAST.length]!;
  return {
    name: `${first} ${last}`,
    email: `${`${first}.${last}.${i + 1}`.toLowerCase().replace("ü", "ue")}@example.com`,
    groupName: GROUPS[i % GROUPS.length]!,
    preferredCredential: (i % 3 === 0 ? "app" : "keypad") as "app" | "keypad",
  };
});

/** Printed by `npm start` and the README; never used outside demo mode. */
export const DEMO_STAFF = [
  { email: "admin@portier.test", name: "Ada Admin", role: "admin", password: "portier-admin" },
  { email: "manager@portier.test", name: "Max Manager", role: "manager", password: "portier-manager" },
  { email: "desk@portier.test", name: "Dana Desk", role: "staff", password: "portier-desk" },
] as const;

/** A customer who can sign in with a password in demo mode (the portal's link sign-in comes later). */
export const DEMO_CUSTOMER_LOGIN = { password: "portier-customer", customerIndex: 0 } as const;
