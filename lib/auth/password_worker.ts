/// <reference lib="deno.worker" />
// Runs argon2 off the main thread: a hash takes ~0.1 s of CPU, which would otherwise stall
// every other request on the event loop.
import { argon2id, argon2Verify } from "hash-wasm";

self.onmessage = async (e: MessageEvent) => {
  const { id, op, password, hash, salt, params } = e.data;
  try {
    const result = op === "hash"
      ? await argon2id({ password, salt, ...params, outputType: "encoded" })
      : await argon2Verify({ password, hash });
    self.postMessage({ id, result });
  } catch (err) {
    self.postMessage({ id, error: String(err) });
  }
};
