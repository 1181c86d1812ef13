-- The timeline, calendar and Today read "windows touching [from, to)": a GiST index on the envelope as a
-- range answers it from both ends (see db/schema/windows.ts). IF NOT EXISTS: a big installation may build
-- it first with CREATE INDEX CONCURRENTLY (same name and expression), then this is a no-op.
CREATE INDEX IF NOT EXISTS "access_windows_period" ON "access_windows" USING gist (tstzrange("starts_at", "ends_at"));
