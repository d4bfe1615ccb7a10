export { ApiError, apiJson, retryUnlessRefused, sendJson } from "@/lib/api-client";
