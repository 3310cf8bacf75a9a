/**
 * Storage on any S3-compatible service (AWS S3, MinIO, R2, s3rver). The bucket stays private;
 * clients get presigned GET URLs.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { AppError, notFound } from "../errors.ts";
import { assertValidKey } from "./local.ts";
import { type Storage, type StoredObject, URL_TTL_SEC } from "./types.ts";

/** Options for {@link createS3Storage}. */
export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** Custom endpoint for S3-compatible services, e.g. `http://127.0.0.1:4568`. */
  endpoint?: string;
  /** Path-style URLs (`endpoint/bucket/key`), needed by most self-hosted services. */
  forcePathStyle: boolean;
  /** Both or neither; without them the SDK's default chain (env, instance role) applies. */
  accessKeyId?: string;
  secretAccessKey?: string;
}

/** S3 storage; `close()` releases the client's keep-alive sockets (for tests and shutdown). */
export interface S3Storage extends Storage {
  readonly kind: "s3";
  close(): void;
}

/** Creates S3-backed storage sharing one client, and so one keep-alive connection pool. */
export function createS3Storage(opts: S3StorageOptions): S3Storage {
  const client = new S3Client({
    region: opts.region,
    endpoint: opts.endpoint,
    forcePathStyle: opts.forcePathStyle,
    credentials: opts.accessKeyId && opts.secretAccessKey
      ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey }
      : undefined,
    // Newer SDKs add CRC checksums by default, which many S3-compatible services reject.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // Fail fast when storage is down instead of hanging a request; the idle timeout still
    // lets large bodies stream.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  const Bucket = opts.bucket;

  return {
    kind: "s3",

    async put(key, data, contentType) {
      assertValidKey(key);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket,
            Key: key,
            Body: data,
            ContentType: contentType,
            ContentLength: data.byteLength,
          }),
        );
      } catch (e) {
        throw toAppError(e);
      }
    },

    async get(key, range) {
      assertValidKey(key);
      let res;
      try {
        res = await client.send(
          new GetObjectCommand({
            Bucket,
            Key: key,
            Range: range ? `bytes=${range.start}-${range.end ?? ""}` : undefined,
          }),
        );
      } catch (e) {
        throw toAppError(e);
      }
      if (!res.Body) throw unavailable(new Error("S3 returned no body"));
      const body = res.Body.transformToWebStream() as ReadableStream<Uint8Array>;
      const contentType = res.ContentType ?? "application/octet-stream";
      const cr = res.ContentRange && /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.ContentRange);
      if (cr) {
        return {
          body,
          contentType,
          size: Number(cr[3]),
          range: { start: Number(cr[1]), end: Number(cr[2]) },
        } satisfies StoredObject;
      }
      // No Content-Range: the service sent the whole object (a range may be ignored).
      return { body, contentType, size: res.ContentLength ?? 0 } satisfies StoredObject;
    },

    async delete(key) {
      assertValidKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (e) {
        throw toAppError(e);
      }
    },

    url(key, expiresInSec = URL_TTL_SEC) {
      assertValidKey(key);
      return getSignedUrl(client, new GetObjectCommand({ Bucket, Key: key }), {
        expiresIn: expiresInSec,
      });
    },

    close() {
      client.destroy();
    },
  };
}

/**
 * Maps SDK failures to domain errors: a missing object is not_found, an unsatisfiable range is
 * invalid, and anything else (network, timeouts, 5xx, or credentials the user cannot fix) means
 * storage is unavailable.
 */
function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const status = (e as Partial<S3ServiceException> | null)?.$metadata?.httpStatusCode;
  const name = e instanceof Error ? e.name : "";
  // A missing bucket is a misconfiguration, not a missing file.
  if (name === "NoSuchBucket") return unavailable(e);
  if (name === "NoSuchKey" || name === "NotFound" || status === 404) {
    return withCause(notFound("file"), e);
  }
  if (name === "InvalidRange" || status === 416) {
    return withCause(
      new AppError("invalid", "range_not_satisfiable", "Requested range not satisfiable"),
      e,
    );
  }
  return unavailable(e);
}

function unavailable(cause: unknown): AppError {
  return withCause(
    new AppError("unavailable", "storage_unavailable", "File storage is unavailable"),
    cause,
  );
}

/** Keeps the SDK error for logs without exposing it in the AppError's message or details. */
function withCause(err: AppError, cause: unknown): AppError {
  err.cause = cause;
  return err;
}
