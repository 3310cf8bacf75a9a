import type { Queryable } from "../../db/client.ts";
import { storedBytes } from "../../db/usage.ts";
import { AppError } from "../errors.ts";

/**
 * Storage each user may fill with posting PDFs and recorded answers: 200 MiB is about 300
 * one-minute answers, far beyond honest practice, and bounds what one account can cost.
 */
export const STORAGE_QUOTA_BYTES = 200 * 1024 * 1024;

/**
 * Refuses an upload of `incoming` bytes that would take the user past the quota. Checked before
 * anything is stored; two uploads racing each other may overshoot by one file, which is fine
 * for a cost bound.
 */
export async function assertStorageQuota(
  sql: Queryable,
  userId: string,
  incoming: number,
  quota: number = STORAGE_QUOTA_BYTES,
): Promise<void> {
  const used = await storedBytes(sql, userId);
  if (used + incoming > quota) {
    throw new AppError(
      "too_large",
      "storage_quota_exceeded",
      "Your storage is full; delete old postings or interviews first",
      { used_bytes: used, quota_bytes: quota },
    );
  }
}
