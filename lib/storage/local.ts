/**
 * Local-disk storage for development and single-box deployments. Objects live at
 * `<dir>/<key>`; each has a hidden sidecar `.<name>.meta.json` holding its content type.
 * Keys may not have segments starting with a dot, so a key can never name a sidecar or a
 * temporary file.
 */
import { dirname, join } from "node:path";
import { AppError, notFound } from "../errors.ts";
import { signUrl, verifySignature } from "./signed_urls.ts";
import { type ByteRange, type Storage, type StoredObject, URL_TTL_SEC } from "./types.ts";

/** Options for {@link createLocalStorage}. */
export interface LocalStorageOptions {
  /** Root directory, typically `${DATA_DIR}/files`. */
  dir: string;
  /** Secret for signing file URLs. */
  secret: string;
  /** Origin prefix of file URLs, e.g. `https://example.com`; `""` yields relative URLs. */
  baseUrl: string;
}

/** Local storage plus the URL check the `/files/*` route needs. */
export interface LocalStorage extends Storage {
  readonly kind: "local";
  /** Whether a signed file URL's `exp` and `sig` are valid for `key` at `nowMs`. */
  verifyUrl(key: string, exp: string | number, sig: string, nowMs?: number): Promise<boolean>;
}

const CHUNK = 64 * 1024;
const DEFAULT_CONTENT_TYPE = "application/octet-stream";
const encoder = new TextEncoder();

/**
 * Throws AppError("invalid", "bad_key") unless `key` is a safe relative path: non-empty
 * `/`-separated segments, none empty, `.`/`..` or dot-prefixed, no backslash or NUL, not
 * absolute.
 */
export function assertValidKey(key: string): void {
  const ok = typeof key === "string" && key.length > 0 && key.length <= 1024 &&
    !key.includes("\\") && !key.includes("\0") &&
    key.split("/").every((seg) => seg.length > 0 && !seg.startsWith("."));
  if (!ok) throw new AppError("invalid", "bad_key", "Invalid file key");
}

/** The path a URL uses for `key`: each segment percent-encoded, slashes kept. */
export function fileUrlPath(key: string): string {
  return `/files/${key.split("/").map(encodeURIComponent).join("/")}`;
}

/** Creates disk-backed storage rooted at `dir` (created on first write). */
export function createLocalStorage(opts: LocalStorageOptions): LocalStorage {
  const root = opts.dir;
  const baseUrl = opts.baseUrl.replace(/\/+$/, "");

  const paths = (key: string) => {
    assertValidKey(key);
    const file = join(root, ...key.split("/"));
    const dir = dirname(file);
    const name = file.slice(dir.length + 1);
    return { file, dir, name, meta: join(dir, `.${name}.meta.json`) };
  };

  return {
    kind: "local",

    async put(key, data, contentType) {
      const p = paths(key);
      await Deno.mkdir(p.dir, { recursive: true });
      // Sidecar first: a reader that sees the new bytes also sees their content type.
      await writeAtomic(p.dir, p.name, p.meta, encoder.encode(JSON.stringify({ contentType })));
      await writeAtomic(p.dir, p.name, p.file, data);
    },

    async get(key, range) {
      const p = paths(key);
      let file: Deno.FsFile;
      try {
        file = await Deno.open(p.file, { read: true });
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) throw notFound("file");
        throw e;
      }
      try {
        const info = await file.stat();
        if (!info.isFile) throw notFound("file");
        const size = info.size;
        const served = range ? resolveRange(range, size) : undefined;
        const contentType = await readContentType(p.meta);
        const start = served?.start ?? 0;
        if (start > 0) await file.seek(start, Deno.SeekMode.Start);
        const length = served ? served.end - served.start + 1 : size;
        const obj: StoredObject = { body: fileStream(file, length), contentType, size };
        if (served) obj.range = served;
        return obj;
      } catch (e) {
        file.close();
        throw e;
      }
    },

    async delete(key) {
      const p = paths(key);
      await removeIfPresent(p.file);
      await removeIfPresent(p.meta);
    },

    // deno-lint-ignore require-await -- async so a bad key rejects rather than throws
    async url(key, expiresInSec = URL_TTL_SEC) {
      assertValidKey(key);
      return `${baseUrl}${fileUrlPath(key)}?${signUrl(opts.secret, key, expiresInSec)}`;
    },

    verifyUrl(key, exp, sig, nowMs = Date.now()) {
      return verifyLocalUrl(opts.secret, key, exp, sig, nowMs);
    },
  };
}

/**
 * Checks a signed local file URL: `sig` must be the HMAC of `key` and `exp` under `secret`
 * (compared in constant time) and `exp` (unix seconds) must not have passed at `nowMs`.
 */
export function verifyLocalUrl(
  secret: string,
  key: string,
  exp: string | number,
  sig: string,
  nowMs: number = Date.now(),
): Promise<boolean> {
  try {
    assertValidKey(key);
  } catch {
    return Promise.resolve(false);
  }
  return Promise.resolve(verifySignature(secret, key, exp, sig, nowMs));
}

function resolveRange(range: ByteRange, size: number): { start: number; end: number } {
  const { start, end } = range;
  const valid = Number.isSafeInteger(start) && start >= 0 && start < size &&
    (end === undefined || (Number.isSafeInteger(end) && end >= start));
  if (!valid) {
    throw new AppError("invalid", "range_not_satisfiable", "Requested range not satisfiable", {
      size,
    });
  }
  return { start, end: Math.min(end ?? size - 1, size - 1) };
}

async function readContentType(metaPath: string): Promise<string> {
  try {
    const meta = JSON.parse(await Deno.readTextFile(metaPath));
    return typeof meta?.contentType === "string" ? meta.contentType : DEFAULT_CONTENT_TYPE;
  } catch {
    return DEFAULT_CONTENT_TYPE;
  }
}

/** Streams `length` bytes from the file's current position and closes it when done. */
function fileStream(file: Deno.FsFile, length: number): ReadableStream<Uint8Array> {
  let remaining = length;
  let closed = false;
  const close = () => {
    if (!closed) {
      closed = true;
      file.close();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (remaining <= 0) {
          close();
          controller.close();
          return;
        }
        const buf = new Uint8Array(Math.min(CHUNK, remaining));
        const n = await file.read(buf);
        if (n === null || n === 0) {
          // The file shrank under us; end the body rather than hang.
          close();
          controller.close();
          return;
        }
        remaining -= n;
        controller.enqueue(buf.subarray(0, n));
        if (remaining <= 0) {
          close();
          controller.close();
        }
      } catch (e) {
        close();
        controller.error(e);
      }
    },
    cancel() {
      close();
    },
    // Read only on demand: a body that is never consumed costs no disk reads.
  }, { highWaterMark: 0 });
}

/** Writes to a temporary sibling and renames it into place, so readers never see a torn file. */
async function writeAtomic(dir: string, name: string, target: string, data: Uint8Array) {
  const tmp = join(dir, `.${name}.${crypto.randomUUID()}.tmp`);
  try {
    await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, target);
  } catch (e) {
    await removeIfPresent(tmp);
    throw e;
  }
}

async function removeIfPresent(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}
