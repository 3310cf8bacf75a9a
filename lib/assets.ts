/**
 * Front-end assets: the Tailwind stylesheet and the island bundle, written to `static/build/`
 * under content-hashed names with a manifest. Pages link them through `assetUrl`, so a new
 * build never collides with a cached old one. Each is written precompressed beside itself
 * (`.br`, `.gz` at the strongest settings, once per build), which the static route serves to
 * browsers that accept them: a candidate on a phone downloads the compressed size.
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** Logical asset names the pages ask for. */
export type AssetName = "styles.css" | "main.js";

/** `static/build/manifest.json`. */
export interface AssetManifest {
  files: Record<AssetName, string>;
  /** Hash of every input, to tell a stale build from a fresh one. */
  source_hash: string;
  island_bytes: number;
  island_gzip_bytes: number;
  /** Parts of the island loaded only when needed (already content-hashed by the bundler). */
  chunks: string[];
}

/** Budget for the island bundle (gzipped), the part every interview page loads. */
export const ISLAND_GZIP_LIMIT = 15 * 1024;
/** URL prefix the app serves `static/build/` under. */
export const BUILD_URL_PREFIX = "/static/build/";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Directory the build writes to. */
export const BUILD_DIR = join(ROOT, "static", "build");
const MANIFEST = join(BUILD_DIR, "manifest.json");
/** Folders whose markup Tailwind scans or the bundle includes, with the files that matter. */
const INPUT_DIRS: [string, RegExp][] = [
  ["routes", /\.tsx$/],
  ["components", /\.tsx?$/],
  ["islands", /\.tsx?$/],
  ["lib/i18n", /\.ts$/],
];
const INPUT_FILES = ["static/styles.css", "lib/media/pcm.ts", "lib/assets.ts", "deno.json"];

let cached: AssetManifest | null = null;

/** The current manifest, or null when nothing is built. */
export function readManifest(): AssetManifest | null {
  try {
    return JSON.parse(Deno.readTextFileSync(MANIFEST)) as AssetManifest;
  } catch {
    return null;
  }
}

/** The public URL of a built asset (falls back to the logical name if nothing is built yet). */
export function assetUrl(name: AssetName): string {
  cached ??= readManifest();
  return BUILD_URL_PREFIX + (cached?.files[name] ?? name);
}

async function walk(dir: string, only: RegExp, out: string[]): Promise<void> {
  try {
    for await (const e of Deno.readDir(dir)) {
      const p = join(dir, e.name);
      if (e.isDirectory) await walk(p, only, out);
      else if (only.test(e.name) && !e.name.endsWith("_test.ts")) out.push(p);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

/** SHA-256 over the path and content of every file that can change a build. */
export async function sourceHash(): Promise<string> {
  const files: string[] = INPUT_FILES.map((f) => join(ROOT, f));
  for (const [d, only] of INPUT_DIRS) await walk(join(ROOT, d), only, files);
  files.sort();
  const hash = createHash("sha256");
  for (const f of files) {
    hash.update(relative(ROOT, f) + "\0");
    try {
      hash.update(await Deno.readFile(f));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return hash.digest("hex");
}

/** The gzip twin of a built file, as the static route serves it. */
const gzip = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 });

/** The precompressed twins of a built file, as the static route serves them. */
export function precompress(bytes: Uint8Array): { gz: Uint8Array; br: Uint8Array } {
  return {
    gz: gzip(bytes),
    br: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    }),
  };
}

/** Gzipped size of some bytes, as the static route serves them (`precompress`). */
export function gzipSize(bytes: Uint8Array): number {
  return gzip(bytes).byteLength;
}

async function run(args: string[]): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr) || new TextDecoder().decode(out.stdout);
    throw new Error(`deno ${args.slice(0, 2).join(" ")} failed:\n${err}`);
  }
}

async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeFile(tmp, data);
  await Deno.rename(tmp, path);
}

/**
 * Builds the stylesheet (Tailwind CLI) and the island bundle (`deno bundle`), writes them under
 * content-hashed names with the manifest, and fails when the island exceeds its gzip budget.
 * `prune` removes builds the new manifest no longer names.
 */
export async function buildAssets(
  opts: { prune?: boolean; log?: (line: string) => void } = {},
): Promise<AssetManifest> {
  const log = opts.log ?? (() => {});
  const hash = await sourceHash();
  await Deno.mkdir(BUILD_DIR, { recursive: true });
  const tmp = await Deno.makeTempDir({ prefix: "mi-build-" });
  try {
    const cssOut = join(tmp, "styles.css");
    // Code splitting: what only some interviews need (the live-transcription stream) is a
    // chunk of its own, fetched by the island when it is used, so it costs the others nothing.
    const jsDir = join(tmp, "island");
    const jsOut = join(jsDir, "main.js");
    const bundleConfig = await writeBundleConfig();
    try {
      await Promise.all([
        run([
          "run",
          "-A",
          "npm:@tailwindcss/cli@^4",
          "-i",
          "static/styles.css",
          "-o",
          cssOut,
          "--minify",
        ]),
        run([
          "bundle",
          "--config",
          bundleConfig,
          "--platform=browser",
          "--minify",
          "--code-splitting",
          "--outdir",
          jsDir,
          "islands/main.ts",
        ]),
      ]);
    } finally {
      await Deno.remove(bundleConfig).catch(() => {});
    }
    const css = await Deno.readFile(cssOut);
    const js = await Deno.readFile(jsOut);
    const files: Record<AssetName, string> = {
      "styles.css": `styles.${contentHash(css)}.css`,
      "main.js": `main.${contentHash(js)}.js`,
    };
    const chunks: [string, Uint8Array][] = [];
    for await (const e of Deno.readDir(jsDir)) {
      if (e.isFile && e.name !== "main.js") {
        chunks.push([e.name, await Deno.readFile(join(jsDir, e.name))]);
      }
    }
    const gzipped = new Map<string, number>();
    for (
      const [name, bytes] of [
        ...chunks,
        [files["styles.css"], css],
        [files["main.js"], js],
      ] as [string, Uint8Array][]
    ) {
      const packed = precompress(bytes);
      gzipped.set(name, packed.gz.byteLength);
      await writeAtomic(join(BUILD_DIR, `${name}.gz`), packed.gz);
      await writeAtomic(join(BUILD_DIR, `${name}.br`), packed.br);
      await writeAtomic(join(BUILD_DIR, name), bytes);
    }
    const gz = gzipped.get(files["main.js"])!;
    const manifest: AssetManifest = {
      files,
      source_hash: hash,
      island_bytes: js.byteLength,
      island_gzip_bytes: gz,
      chunks: chunks.map(([name]) => name),
    };
    await writeAtomic(MANIFEST, new TextEncoder().encode(JSON.stringify(manifest, null, 2) + "\n"));
    cached = manifest;
    log(`styles: ${files["styles.css"]} ${(css.byteLength / 1024).toFixed(1)} KB`);
    log(
      `island: ${files["main.js"]} ${(js.byteLength / 1024).toFixed(1)} KB minified, ` +
        `${(gz / 1024).toFixed(1)} KB gzipped (budget ${ISLAND_GZIP_LIMIT / 1024} KB)`,
    );
    for (const [name, bytes] of chunks) {
      const kb = gzipped.get(name)! / 1024;
      log(`  loaded when used: ${name} ${kb.toFixed(1)} KB gzipped (${bytes.byteLength} B)`);
    }
    if (gz > ISLAND_GZIP_LIMIT) {
      throw new Error(`island bundle is ${gz} bytes gzipped, over the ${ISLAND_GZIP_LIMIT} budget`);
    }
    if (opts.prune) {
      const keep = new Set([
        ...[...Object.values(files), ...manifest.chunks].flatMap((f) => [f, `${f}.gz`, `${f}.br`]),
        "manifest.json",
      ]);
      for await (const e of Deno.readDir(BUILD_DIR)) {
        if (e.isFile && !keep.has(e.name)) await Deno.remove(join(BUILD_DIR, e.name));
      }
    }
    return manifest;
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/**
 * The project config with the classic automatic JSX runtime: `precompile` emits server-only
 * string templates that render nothing in a browser. It sits in the project root so imports,
 * node_modules and the lock file resolve exactly as for the server.
 */
async function writeBundleConfig(): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  config.compilerOptions = { ...config.compilerOptions, jsx: "react-jsx" };
  delete config.tasks;
  const path = join(ROOT, `.deno-bundle-${crypto.randomUUID()}.json`);
  await Deno.writeTextFile(path, JSON.stringify(config));
  return path;
}

function contentHash(bytes: Uint8Array<ArrayBuffer>): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 12);
}

/**
 * Makes sure built assets match the sources: builds when the manifest is missing or stale.
 * Where building is impossible (no subprocesses, e.g. Deno Deploy) an existing build is kept.
 */
export async function ensureAssets(
  opts: { log?: (line: string) => void } = {},
): Promise<AssetManifest> {
  const current = readManifest();
  let hash: string | null = null;
  try {
    hash = await sourceHash();
  } catch { /* sources not shipped: trust the build */ }
  if (current && (hash === null || current.source_hash === hash)) return cached = current;
  try {
    return await buildAssets({ log: opts.log });
  } catch (e) {
    if (!current) throw e;
    opts.log?.(`asset build failed, serving the previous build: ${(e as Error).message}`);
    return cached = current;
  }
}
