/** Picks the storage backend from configuration: S3 when `S3_BUCKET` is set, else local disk. */
import { join } from "node:path";
import type { Config } from "../config.ts";
import { createLocalStorage, type LocalStorage } from "./local.ts";
import { createS3Storage, type S3Storage } from "./s3.ts";
import { urlSecret } from "./signed_urls.ts";

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
export { signUrl, type UrlPurpose, urlSecret, verifySignature } from "./signed_urls.ts";

/** Either backend; narrow on `kind` to reach `verifyUrl` (local) or `close` (S3). */
export type AppStorage = LocalStorage | S3Storage;

/** The secret that signs local file URLs (see `signed_urls.ts`). */
export function fileUrlSecret(jwtSecret: string): string {
  return urlSecret(jwtSecret, "local-file-urls");
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
