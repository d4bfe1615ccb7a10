export { ApiError, apiJson, postJson, problemOf } from "@/lib/api-client";
