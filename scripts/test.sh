#!/usr/bin/env bash
# npm test: typecheck, lint, unit and integration tests (PGlite always; PostgreSQL too when
# TEST_DATABASE_URL is set or a local server answers), production build, browser tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n=== %s\n' "$1"; }

if [ -z "${TEST_DATABASE_URL:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -h 127.0.0.1 -p 5432 -q; then
  export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/postgres"
fi
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "PostgreSQL tests: on (${TEST_DATABASE_URL})"
else
  echo "PostgreSQL tests: OFF — set TEST_DATABASE_URL to run the race and multi-process tests too"
fi

step "typecheck"
npx tsc --noEmit

step "lint"
npx eslint --max-warnings 0 .

step "unit and integration tests (vitest)"
npx vitest run

step "production build (the console, and the wallet platform's API server)"
npm run build

step "browser tests (Playwright, Chromium)"
if [ -z "${CHROMIUM_PATH:-}" ]; then
  for c in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -x "$c" ]; then export CHROMIUM_PATH="$c"; break; fi
  done
fi
if [ -z "${CHROMIUM_PATH:-}" ]; then
  echo "No system Chromium found: installing Playwright's"
  npx playwright install chromium
fi
npx playwright test
