export { ApiError, apiJson, sendJson } from "@/lib/api-client";
