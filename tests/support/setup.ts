process.env.AUTH_SECRET ??= "test-secret-not-for-production-0123456789";
process.env.LINKGUARD_LOG = "silent";
process.env.LINKGUARD_NO_SIGNIN_DELAY = "1";
// No answer floor for sign-ins either (tests/auth/throttle.test.ts sets it where it proves it).
process.env.LINKGUARD_SIGNIN_FLOOR_MS ??= "0";
