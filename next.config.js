import createNextIntlPlugin from "next-intl/plugin";
import { nextSecurityHeaders } from "./lib/http/security-headers.js";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships its own WASM and data files; bundling it breaks the file lookups.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  async headers() {
    return nextSecurityHeaders();
  },
};

// Registers i18n/request.ts (language from the cookie or Accept-Language, messages, Japan time, formats).
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");
export default withNextIntl(nextConfig);
