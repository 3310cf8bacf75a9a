/**
 * The layering rules of docs/ARCHITECTURE.md, checked on every production source file:
 * - `lib/` is the product without HTTP: no Hono, nothing from `routes/`;
 * - `db/` knows no domain code: nothing from `lib/`;
 * - `components/` and `islands/` run (or render) without the server: no `db/`, no `routes/`,
 *   and from `lib/` only the modules shared with the browser.
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";

const ROOT = dirname(dirname(new URL(import.meta.url).pathname));
/**
 * `lib/` modules that hold no server code and may be imported by components and islands: the
 * messages, PCM decoding, the AI interface's shapes (types and plain constants only), the
 * rubric (its dimensions, anchors and weights: data and pure functions) and the room's
 * preparation-countdown bounds (constants).
 */
const BROWSER_SAFE_LIB = [
  /^lib\/i18n\//,
  /^lib\/media\/pcm\.ts$/,
  /^lib\/ai\/types\.ts$/,
  /^lib\/ai\/rubric\.ts$/,
  /^lib\/interview\/prep\.ts$/,
];

interface Import {
  file: string;
  specifier: string;
  /** Repository-relative path for relative specifiers, else null (a package). */
  target: string | null;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|(?:^|[\s;(])import\s*\(?\s*["']([^"']+)["']/g;

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(join(ROOT, dir))) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) yield* sources(path);
    else if (/\.tsx?$/.test(e.name) && !/_test\.tsx?$/.test(e.name)) yield path;
  }
}

async function importsOf(dir: string): Promise<Import[]> {
  const out: Import[] = [];
  for await (const file of sources(dir)) {
    const text = await Deno.readTextFile(join(ROOT, file));
    for (const m of text.matchAll(IMPORT)) {
      const specifier = m[1] ?? m[2];
      const target = specifier.startsWith(".")
        ? relative(ROOT, join(ROOT, dirname(file), specifier))
        : null;
      out.push({ file, specifier, target });
    }
  }
  return out;
}

const show = (bad: Import[]) => bad.map((i) => `${i.file} imports ${i.specifier}`);

Deno.test("lib/ imports no Hono and nothing from routes/", async () => {
  const imports = await importsOf("lib");
  assert.ok(imports.length > 50, "the scan found lib's imports");
  const bad = imports.filter((i) =>
    /^(npm:)?(hono|@hono\/)/.test(i.specifier) || i.target?.startsWith("routes/")
  );
  assert.deepEqual(show(bad), []);
});

Deno.test("db/ imports nothing from lib/", async () => {
  const imports = await importsOf("db");
  assert.ok(imports.length > 5, "the scan found db's imports");
  assert.deepEqual(show(imports.filter((i) => i.target?.startsWith("lib/"))), []);
});

Deno.test("components/ and islands/ import no db/, routes/ or server-only lib/", async () => {
  const imports = [...await importsOf("components"), ...await importsOf("islands")];
  assert.ok(imports.length > 10, "the scan found the imports");
  const bad = imports.filter((i) =>
    i.target !== null &&
    (i.target.startsWith("db/") || i.target.startsWith("routes/") ||
      (i.target.startsWith("lib/") && !BROWSER_SAFE_LIB.some((ok) => ok.test(i.target!))))
  );
  assert.deepEqual(show(bad), []);
});

Deno.test("the import scan sees what it must see", () => {
  const found = (src: string) => [...src.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
  assert.deepEqual(found(`import { a } from "../routes/x.ts";`), ["../routes/x.ts"]);
  assert.deepEqual(found(`import type {\n  A,\n  B,\n} from "hono";`), ["hono"]);
  assert.deepEqual(found(`export { x } from "./y.ts";`), ["./y.ts"]);
  assert.deepEqual(found(`const m = await import("../db/client.ts");`), ["../db/client.ts"]);
  assert.deepEqual(found(`import "./side_effect.ts";`), ["./side_effect.ts"]);
});
