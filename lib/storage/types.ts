/** A byte range request, inclusive like HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end?: number;
}

/** An object read from storage. */
export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  /** Total size of the object in bytes. */
  size: number;
  /** The served range (inclusive) when a range was asked for. */
  range?: { start: number; end: number };
}

/**
 * The one storage interface: local disk by default, any S3-compatible store in production.
 * Keys are opaque strings such as `users/<uuid>/answers/<uuid>.webm`.
 */
export interface Storage {
  readonly kind: "local" | "s3";
  put(key: string, data: Uint8Array, contentType: string): Promise<void>;
  /** Throws AppError("not_found") when absent, AppError("invalid", "range_not_satisfiable") for a bad range. */
  get(key: string, range?: ByteRange): Promise<StoredObject>;
  delete(key: string): Promise<void>;
  /** A URL a client can fetch without other credentials, valid for `expiresInSec`. */
  url(key: string, expiresInSec?: number): Promise<string>;
}

/** Default lifetime of URLs handed to clients (SPEC §6: about an hour). */
export const URL_TTL_SEC = 3600;
