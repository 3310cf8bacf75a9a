import assert from "node:assert/strict";
import { AppError } from "../errors.ts";
import type { Config } from "../config.ts";
import { createLocalStorage, type LocalStorage, verifyLocalUrl } from "./local.ts";
import { createStorage, fileUrlSecret } from "./mod.ts";

const SECRET = "test-secret-for-file-urls";
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (body: ReadableStream<Uint8Array>) => new Response(body).text();

async function withStorage(
  fn: (s: LocalStorage, dir: string) => Promise<void>,
  baseUrl = "http://app.test",
) {
  const dir = await Deno.makeTempDir({ prefix: "local-storage-" });
  try {
    await fn(createLocalStorage({ dir, secret: SECRET, baseUrl }), dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function isAppError(kind: string, code: string) {
  return (e: unknown): e is AppError => e instanceof AppError && e.kind === kind && e.code === code;
}

Deno.test("local: put then get returns bytes, size and content type", async () => {
  await withStorage(async (s, dir) => {
    assert.equal(s.kind, "local");
    await s.put("users/u1/answers/a1.webm", bytes("hello audio"), "audio/webm");
    const obj = await s.get("users/u1/answers/a1.webm");
    assert.equal(obj.size, 11);
    assert.equal(obj.contentType, "audio/webm");
    assert.equal(obj.range, undefined);
    assert.equal(await text(obj.body), "hello audio");
    // Stored at the key's path, with no temporary files left behind.
    assert.equal(await Deno.readTextFile(`${dir}/users/u1/answers/a1.webm`), "hello audio");
    const names = [...Deno.readDirSync(`${dir}/users/u1/answers`)].map((e) => e.name).sort();
    assert.deepEqual(names, [".a1.webm.meta.json", "a1.webm"]);
  });
});

Deno.test("local: put overwrites bytes and content type", async () => {
  await withStorage(async (s) => {
    await s.put("k/x.bin", bytes("first version"), "application/octet-stream");
    await s.put("k/x.bin", bytes("second"), "audio/mpeg");
    const obj = await s.get("k/x.bin");
    assert.equal(obj.contentType, "audio/mpeg");
    assert.equal(obj.size, 6);
    assert.equal(await text(obj.body), "second");
  });
});

Deno.test("local: ranged reads", async () => {
  await withStorage(async (s) => {
    await s.put("r/digits.txt", bytes("0123456789"), "text/plain");
    const mid = await s.get("r/digits.txt", { start: 2, end: 5 });
    assert.deepEqual(mid.range, { start: 2, end: 5 });
    assert.equal(mid.size, 10);
    assert.equal(await text(mid.body), "2345");

    const open = await s.get("r/digits.txt", { start: 7 });
    assert.deepEqual(open.range, { start: 7, end: 9 });
    assert.equal(await text(open.body), "789");

    const clamped = await s.get("r/digits.txt", { start: 8, end: 100 });
    assert.deepEqual(clamped.range, { start: 8, end: 9 });
    assert.equal(await text(clamped.body), "89");

    await assert.rejects(
      s.get("r/digits.txt", { start: 10 }),
      (e) => isAppError("invalid", "range_not_satisfiable")(e) && e.details?.size === 10,
    );
    await assert.rejects(
      s.get("r/digits.txt", { start: 5, end: 4 }),
      isAppError("invalid", "range_not_satisfiable"),
    );
  });
});

Deno.test("local: a large file streams in full and by range", async () => {
  await withStorage(async (s) => {
    const big = new Uint8Array(300_000).map((_, i) => i % 251);
    await s.put("big.bin", big, "application/octet-stream");
    const all = new Uint8Array(await new Response((await s.get("big.bin")).body).arrayBuffer());
    assert.deepEqual(all, big);
    const part = await s.get("big.bin", { start: 100_000, end: 250_000 });
    const got = new Uint8Array(await new Response(part.body).arrayBuffer());
    assert.deepEqual(got, big.subarray(100_000, 250_001));
  });
});

/** How many of this process's descriptors point at `path` (Linux). */
function openHandles(path: string): number {
  let n = 0;
  for (const e of Deno.readDirSync("/proc/self/fd")) {
    try {
      if (Deno.readLinkSync(`/proc/self/fd/${e.name}`) === path) n++;
    } catch {
      // The listing's own descriptor is gone by now.
    }
  }
  return n;
}

Deno.test({
  name: "local: cancelling or finishing a body closes the file",
  ignore: Deno.build.os !== "linux",
  async fn() {
    await withStorage(async (s, dir) => {
      await s.put("c.bin", new Uint8Array(200_000), "application/octet-stream");
      const path = Deno.realPathSync(`${dir}/c.bin`);
      const obj = await s.get("c.bin");
      assert.equal(openHandles(path), 1);
      const reader = obj.body.getReader();
      await reader.read();
      await reader.cancel();
      assert.equal(openHandles(path), 0);

      await new Response((await s.get("c.bin", { start: 10, end: 20 })).body).arrayBuffer();
      assert.equal(openHandles(path), 0);
      await assert.rejects(s.get("c.bin", { start: 999_999 }));
      assert.equal(openHandles(path), 0);
    });
  },
});

Deno.test("local: missing keys are not_found; delete is idempotent", async () => {
  await withStorage(async (s) => {
    await assert.rejects(s.get("nope/missing.webm"), isAppError("not_found", "file_not_found"));
    await s.put("d/gone.txt", bytes("x"), "text/plain");
    await s.delete("d/gone.txt");
    await assert.rejects(s.get("d/gone.txt"), isAppError("not_found", "file_not_found"));
    await s.delete("d/gone.txt");
    // A directory is not a file.
    await s.put("dir/inner.txt", bytes("x"), "text/plain");
    await assert.rejects(s.get("dir"), isAppError("not_found", "file_not_found"));
  });
});

Deno.test("local: unsafe keys are rejected before touching the disk", async () => {
  await withStorage(async (s) => {
    const bad = [
      "",
      "../etc/passwd",
      "a/../../b",
      "a/./b",
      "/abs/path",
      "a//b",
      "a/",
      "a\\b",
      "a\0b",
      ".hidden",
      "a/.b.meta.json",
    ];
    for (const key of bad) {
      await assert.rejects(s.put(key, bytes("x"), "text/plain"), isAppError("invalid", "bad_key"));
      await assert.rejects(s.get(key), isAppError("invalid", "bad_key"));
      await assert.rejects(s.delete(key), isAppError("invalid", "bad_key"));
      await assert.rejects(s.url(key), isAppError("invalid", "bad_key"));
    }
  });
});

Deno.test("local: signed URLs verify, and tampering or expiry fails", async () => {
  await withStorage(async (s) => {
    const key = "users/u 1/질문 1.mp3";
    const url = new URL(await s.url(key, 60));
    assert.equal(url.origin, "http://app.test");
    assert.equal(url.pathname, "/files/users/u%201/%EC%A7%88%EB%AC%B8%201.mp3");
    const exp = url.searchParams.get("exp")!;
    const sig = url.searchParams.get("sig")!;
    const now = Date.now();
    assert.ok(Number(exp) >= Math.floor(now / 1000) + 59);
    assert.match(sig, /^[0-9a-f]{64}$/);

    assert.equal(await s.verifyUrl(key, exp, sig), true);
    assert.equal(await verifyLocalUrl(SECRET, key, exp, sig), true);
    assert.equal(await verifyLocalUrl(SECRET, key, Number(exp), sig, now), true);

    const flipped = sig.slice(0, -1) + (sig.endsWith("0") ? "1" : "0");
    assert.equal(await verifyLocalUrl(SECRET, key, exp, flipped), false, "bad signature");
    assert.equal(await verifyLocalUrl(SECRET, key, exp, sig.slice(2)), false, "short signature");
    assert.equal(await verifyLocalUrl(SECRET, key, exp, sig.toUpperCase()), false);
    assert.equal(await verifyLocalUrl("other-secret", key, exp, sig), false, "other secret");
    assert.equal(await verifyLocalUrl(SECRET, "users/u 1/other.mp3", exp, sig), false);
    assert.equal(await verifyLocalUrl(SECRET, key, String(Number(exp) + 1), sig), false);
    assert.equal(await verifyLocalUrl(SECRET, key, `${exp}x`, sig), false, "malformed exp");
    assert.equal(await verifyLocalUrl(SECRET, "../x", exp, sig), false, "bad key");
    assert.equal(
      await verifyLocalUrl(SECRET, key, exp, sig, Number(exp) * 1000),
      false,
      "expired at exp",
    );
    assert.equal(await verifyLocalUrl(SECRET, key, exp, sig, Number(exp) * 1000 - 1), true);
  });
});

Deno.test("local: an empty baseUrl gives relative URLs; a trailing slash is dropped", async () => {
  await withStorage(async (s) => {
    assert.match(await s.url("a/b.pdf"), /^\/files\/a\/b\.pdf\?exp=\d+&sig=[0-9a-f]{64}$/);
  }, "");
  await withStorage(async (s) => {
    assert.match(await s.url("a/b.pdf"), /^https:\/\/x\.test\/files\/a\/b\.pdf\?exp=/);
  }, "https://x.test/");
});

Deno.test("createStorage: local under DATA_DIR/files, signing with a derived secret", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "data-dir-" });
  try {
    const jwtSecret = "a-jwt-secret-that-is-long-enough-0123456789";
    const s = createStorage({ DATA_DIR: dataDir, jwtSecret, PUBLIC_URL: undefined } as Config);
    assert.equal(s.kind, "local");
    await s.put("p/posting.pdf", bytes("%PDF"), "application/pdf");
    assert.equal(await Deno.readTextFile(`${dataDir}/files/p/posting.pdf`), "%PDF");

    const url = new URL(await s.url("p/posting.pdf"), "http://x.test");
    const exp = url.searchParams.get("exp")!;
    const sig = url.searchParams.get("sig")!;
    assert.notEqual(fileUrlSecret(jwtSecret), jwtSecret);
    assert.equal(await verifyLocalUrl(fileUrlSecret(jwtSecret), "p/posting.pdf", exp, sig), true);
    assert.equal(await verifyLocalUrl(jwtSecret, "p/posting.pdf", exp, sig), false);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
