import createNextIntlPlugin from "next-intl/plugin";
import { nextSecurityHeaders } from "./lib/http/security-headers.js";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships its own WASM and data files; bundling it breaks the file lookups.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  turbopack: {
    resolveAlias: {
      // next-intl's message formatter: in the browser, one that formats messages ClientMessages
      // compiled on the server (no ICU parser in the page's JavaScript, issue #13 §9); elsewhere,
      // one that compiles the catalogue's strings with the same compiler (lib/i18n/format-message.*).
      "use-intl/format-message": { browser: "./lib/i18n/format-message.browser.ts", default: "./lib/i18n/format-message.server.ts" },
    },
  },
  async headers() {
    return nextSecurityHeaders();
  },
};

// Registers i18n/request.ts (language from the cookie or Accept-Language, messages, Japan time, formats).
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");
export default withNextIntl(nextConfig);
