import { defineRoute } from "@/lib/openapi/spec";
import { searchQuery, searchResult } from "./schemas";

export const searchRoutes = {
  search: defineRoute({
    method: "get",
    path: "/api/v1/search",
    summary:
      "The command palette's search: wallets (id or e-mail prefix), links (the accounts list's search: wallet, e-mail, last four digits, holder name in half- or full-width katakana; or a link id) and banks (code prefix or name), each group limited, each in the caller's scope; a group the caller's role may not read is empty",
    tag: "search",
    auth: "staff",
    query: searchQuery,
    response: searchResult,
  }),
};
