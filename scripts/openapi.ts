/**
 * Prints the API's OpenAPI 3.1 document (what `GET /api/openapi.json` serves) without a
 * database or network: `deno run -A scripts/openapi.ts > openapi.json`. CI lints it with
 * Redocly; mobile developers generate their typed clients from it (docs/CLIENTS.md).
 */
import { createApi } from "../routes/api/mod.ts";

/** The document, as the running server serves it. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const res = await createApi({ CORS_ORIGINS: [] }).request("/openapi.json");
  if (res.status !== 200) throw new Error(`openapi.json answered ${res.status}`);
  return await res.json();
}

if (import.meta.main) console.log(JSON.stringify(await openApiDocument(), null, 2));
