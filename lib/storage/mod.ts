/** Picks the storage backend from configuration: S3 when `S3_BUCKET` is set, else local disk. */
import { createHmac } from "node:crypto";
import { join } from "node:path";
import type { Config } from "../config.ts";
import { createLocalStorage, type LocalStorage } from "./local.ts";
import { createS3Storage, type S3Storage } from "./s3.ts";

export type { ByteRange, Storage, StoredObject } from "./types.ts";
export { URL_TTL_SEC } from "./types.ts";
export {
  assertValidKey,
  createLocalStorage,
  fileUrlPath,
  type LocalStorage,
  type LocalStorageOptions,
  verifyLocalUrl,
} from "./local.ts";
export { createS3Storage, type S3Storage, type S3StorageOptions } from "./s3.ts";

/** Either backend; narrow on `kind` to reach `verifyUrl` (local) or `close` (S3). */
export type AppStorage = LocalStorage | S3Storage;

/**
 * The secret that signs local file URLs, derived from the JWT secret so that a leaked file
 * link signature never doubles as material for forging tokens, and vice versa.
 */
export function fileUrlSecret(jwtSecret: string): string {
  return createHmac("sha256", jwtSecret).update("interview-app/local-file-urls/v1").digest("hex");
}

/** Creates the configured storage backend. */
export function createStorage(config: Config): AppStorage {
  if (config.S3_BUCKET) {
    return createS3Storage({
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    });
  }
  return createLocalStorage({
    dir: join(config.DATA_DIR, "files"),
    secret: fileUrlSecret(config.jwtSecret),
    baseUrl: config.PUBLIC_URL ?? "",
  });
}
