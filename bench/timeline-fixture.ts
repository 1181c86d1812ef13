// The large building lives in db/large-building.ts, shared with `npm run seed:large`; re-exported
// here so the benchmarks that import it from bench/ keep working.
export { type LargeBuilding, removeLargeBuilding, seedLargeBuilding } from "@/db/large-building";
