/**
 * `deno task build`: builds the stylesheet and the island bundle into `static/build/` under
 * content-hashed names, prints their sizes (the island's gzipped) and prunes old builds.
 */
import { buildAssets } from "../lib/assets.ts";

if (import.meta.main) {
  try {
    await buildAssets({ prune: true, log: (line) => console.log(line) });
  } catch (e) {
    console.error((e as Error).message);
    Deno.exit(1);
  }
}
