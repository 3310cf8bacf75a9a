/** Request and response schemas of `/api/auth`, as the OpenAPI document publishes them. */
import { z } from "@hono/zod-openapi";

export const RefreshInput = z.object({ refresh_token: z.string().min(1).max(4096) });

export const TokenPairSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal("bearer"),
  expires_in: z.number().int(),
}).openapi("TokenPair");
