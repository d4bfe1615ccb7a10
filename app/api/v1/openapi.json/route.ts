import { openApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-static";

/** The OpenAPI 3.1 document, generated from the zod schemas the handlers parse with. */
export function GET() {
  return Response.json(openApiDocument());
}
