// GET/POST /api/auth/* – Auth.js endpoints (session, csrf, sign-out). Sign-in itself goes through app/login/actions.ts.
import { handlers } from "@/lib/auth";

export const { GET, POST } = handlers;
