process.env.AUTH_SECRET ??= "test-secret-not-for-production-0123456789";
process.env.LINKGUARD_LOG = "silent";
process.env.LINKGUARD_NO_SIGNIN_DELAY = "1";
