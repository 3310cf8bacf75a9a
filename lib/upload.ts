/**
 * Size-capped reading of uploaded files. Uploads arrive as streams (a multipart `File`, a
 * request body); reading stops as soon as the cap is passed, so a client can never make the
 * server hold more than `maxBytes` of one file.
 */
import { AppError } from "./errors.ts";

/** An uploaded file: its bytes as a stream or already in memory, and the client's file name. */
export interface Upload {
  bytes?: Uint8Array;
  stream?: ReadableStream<Uint8Array>;
  name: string;
}

/** The error for an upload over `maxBytes`. */
export function fileTooLarge(maxBytes: number): AppError {
  const mb = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
  return new AppError("too_large", "file_too_large", `The file is larger than ${mb} MB`, {
    max_bytes: maxBytes,
  });
}

/**
 * Reads `stream` into one buffer, throwing `file_too_large` (and cancelling the stream) as
 * soon as more than `maxBytes` arrive.
 */
export async function readLimited(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw fileTooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return concatBytes(chunks, size);
}

/** Joins chunks of a known total `size` into one array (the only chunk itself when alone). */
export function concatBytes(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The bytes of an upload, at most `maxBytes` of them; an empty file is `file_empty` (a form
 * whose file input was left blank sends one).
 */
export async function readUpload(upload: Upload, maxBytes: number): Promise<Uint8Array> {
  let bytes: Uint8Array;
  if (upload.bytes) {
    if (upload.bytes.byteLength > maxBytes) throw fileTooLarge(maxBytes);
    bytes = upload.bytes;
  } else if (upload.stream) {
    bytes = await readLimited(upload.stream, maxBytes);
  } else {
    bytes = new Uint8Array();
  }
  if (bytes.byteLength === 0) throw new AppError("invalid", "file_empty", "The file is empty");
  return bytes;
}

/**
 * A multipart form value as an {@link Upload}, or null when it is absent or is the empty part
 * a browser sends for a file input left blank.
 */
export function formUpload(value: unknown): Upload | null {
  if (!(value instanceof Blob)) return null;
  const name = value instanceof File ? value.name : "";
  if (value.size === 0 && !name) return null;
  return { stream: value.stream(), name };
}
