import assert from "node:assert/strict";
import { hasNode, S3RVER_CREDENTIALS, startS3rver } from "../../tests/s3rver.ts";
import { AppError } from "../errors.ts";
import type { Config } from "../config.ts";
import { createStorage } from "./mod.ts";
import { createS3Storage } from "./s3.ts";

const BUCKET = "test-bucket";
const nodeAvailable = await hasNode();
if (!nodeAvailable) {
  console.error(
    "\n!!! SKIPPING S3 storage tests: node/npx not found, so s3rver cannot run. !!!\n",
  );
}

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (body: ReadableStream<Uint8Array>) => new Response(body).text();

function isAppError(kind: string, code: string) {
  return (e: unknown): e is AppError => e instanceof AppError && e.kind === kind && e.code === code;
}

Deno.test({
  name: "s3: against a real S3-protocol server (s3rver)",
  ignore: !nodeAvailable,
  async fn(t) {
    const server = await startS3rver(BUCKET);
    const s = createS3Storage({
      bucket: BUCKET,
      region: "us-east-1",
      endpoint: server.endpoint,
      forcePathStyle: true,
      ...S3RVER_CREDENTIALS,
    });
    try {
      await t.step("put then get returns bytes, size and content type", async () => {
        assert.equal(s.kind, "s3");
        await s.put("users/u1/answers/a1.webm", bytes("hello audio"), "audio/webm");
        const obj = await s.get("users/u1/answers/a1.webm");
        assert.equal(obj.size, 11);
        assert.equal(obj.contentType, "audio/webm");
        assert.equal(obj.range, undefined);
        assert.equal(await text(obj.body), "hello audio");
      });

      await t.step("ranged reads", async () => {
        await s.put("r/digits.txt", bytes("0123456789"), "text/plain");
        const mid = await s.get("r/digits.txt", { start: 2, end: 5 });
        assert.deepEqual(mid.range, { start: 2, end: 5 });
        assert.equal(mid.size, 10);
        assert.equal(await text(mid.body), "2345");

        const open = await s.get("r/digits.txt", { start: 7 });
        assert.deepEqual(open.range, { start: 7, end: 9 });
        assert.equal(open.size, 10);
        assert.equal(await text(open.body), "789");

        await assert.rejects(
          s.get("r/digits.txt", { start: 10 }),
          isAppError("invalid", "range_not_satisfiable"),
        );
      });

      await t.step("a presigned URL fetches the bytes without credentials", async () => {
        const data = new Uint8Array(70_000).map((_, i) => i % 253);
        await s.put("q/질문 1.mp3", data, "audio/mpeg");
        const url = await s.url("q/질문 1.mp3", 120);
        assert.match(url, /X-Amz-Signature=[0-9a-f]{64}/);
        assert.match(url, /X-Amz-Expires=120/);
        const res = await fetch(url);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("content-type"), "audio/mpeg");
        assert.deepEqual(new Uint8Array(await res.arrayBuffer()), data);

        // s3rver serves reads without checking signatures, so a tampered URL cannot be
        // shown to fail here; real S3 with a private bucket rejects it.
      });

      await t.step("missing keys are not_found; delete is idempotent", async () => {
        await assert.rejects(s.get("nope/missing.webm"), isAppError("not_found", "file_not_found"));
        await s.put("d/gone.txt", bytes("x"), "text/plain");
        await s.delete("d/gone.txt");
        await assert.rejects(s.get("d/gone.txt"), isAppError("not_found", "file_not_found"));
        await s.delete("d/gone.txt");
      });

      await t.step("unsafe keys are rejected", async () => {
        await assert.rejects(
          s.put("../x", bytes("x"), "text/plain"),
          isAppError("invalid", "bad_key"),
        );
      });

      await t.step("a stopped server is storage_unavailable, and recovery works", async () => {
        await server.stop();
        await assert.rejects(
          s.get("users/u1/answers/a1.webm"),
          isAppError("unavailable", "storage_unavailable"),
        );
        await assert.rejects(
          s.put("x/y.txt", bytes("x"), "text/plain"),
          isAppError("unavailable", "storage_unavailable"),
        );
        await server.start();
        // Same port and directory: earlier objects survive the restart.
        assert.equal(await text((await s.get("users/u1/answers/a1.webm")).body), "hello audio");
      });

      await t.step("createStorage picks S3 when S3_BUCKET is set", async () => {
        const viaConfig = createStorage({
          S3_BUCKET: BUCKET,
          S3_REGION: "us-east-1",
          S3_ENDPOINT: server.endpoint,
          S3_FORCE_PATH_STYLE: true,
          S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
          S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
          DATA_DIR: "/nonexistent",
          jwtSecret: "x".repeat(40),
        } as Config);
        try {
          assert.equal(viaConfig.kind, "s3");
          assert.equal(await text((await viaConfig.get("r/digits.txt")).body), "0123456789");
        } finally {
          if (viaConfig.kind === "s3") viaConfig.close();
        }
      });

      await t.step("a missing bucket is unavailable, not a missing file", async () => {
        const wrong = createS3Storage({
          bucket: "no-such-bucket",
          region: "us-east-1",
          endpoint: server.endpoint,
          forcePathStyle: true,
          ...S3RVER_CREDENTIALS,
        });
        try {
          await assert.rejects(
            wrong.get("a/b.txt"),
            isAppError("unavailable", "storage_unavailable"),
          );
        } finally {
          wrong.close();
        }
      });
    } finally {
      s.close();
      await server.dispose();
    }
  },
});
