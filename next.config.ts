import type { NextConfig } from "next";
import { proxyBodyLimit } from "./lib/environments/upload-limit";

// Security headers for every response. The Content-Security-Policy itself is set per request by proxy.ts,
// because it carries a fresh nonce for Next's inline scripts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Several servers of one checkout (a developer's and the e2e run) each build into their own folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The build checks the app's own code; `npm test` typechecks everything, tests included.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  reactStrictMode: true,
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "pg",
    "@prisma/adapter-pg",
    "pino",
    "@prisma/schema-engine-wasm",
  ],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
    optimizePackageImports: ["@mantine/core", "@mantine/hooks", "@tabler/icons-react"],
    serverActions: { bodySizeLimit: "50mb" },
    // The proxy buffers request bodies (under `next dev`; the production server answers uploads before Next):
    // a whole allowed metadata upload, derived from SYNCWRIGHT_MAX_UPLOAD_MB like every other upload limit.
    proxyClientMaxBodySize: proxyBodyLimit(),
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
