export { ApiError, apiJson } from "@/lib/api-client";
