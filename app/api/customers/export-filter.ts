import { z } from "zod";

// The Customers page's own filters (search as the page cuts it, group) plus one customer for the windows export.
const query = z.object({
  q: z.string().max(100, "Search for at most 100 characters.").optional(),
  group: z.string().max(60, "A group name has at most 60 characters.").optional(),
  customer: z.uuid("“customer” must be a customer id.").optional(),
});

export const exportFilter = (request: Request) =>
  query.safeParse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== "")));
