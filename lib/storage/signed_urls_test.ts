import assert from "node:assert/strict";
import { signUrl, urlSecret, verifySignature } from "./signed_urls.ts";

const ROOT = "a-root-secret-that-is-long-enough-0123456789";

Deno.test("signed URLs: a signature verifies for its path until exp, and only there", () => {
  const secret = urlSecret(ROOT, "local-file-urls");
  const now = 1_800_000_000_000;
  const query = new URLSearchParams(signUrl(secret, "a/b.pdf", 60, now));
  const exp = query.get("exp")!;
  const sig = query.get("sig")!;
  assert.equal(exp, String(now / 1000 + 60));
  assert.match(sig, /^[0-9a-f]{64}$/);
  assert.equal(verifySignature(secret, "a/b.pdf", exp, sig, now), true);
  assert.equal(verifySignature(secret, "a/b.pdf", Number(exp), sig, Number(exp) * 1000 - 1), true);
  assert.equal(verifySignature(secret, "a/b.pdf", exp, sig, Number(exp) * 1000), false, "expired");
  assert.equal(verifySignature(secret, "a/c.pdf", exp, sig, now), false, "other path");
  assert.equal(verifySignature(secret, "a/b.pdf", `${exp}x`, sig, now), false, "malformed exp");
  assert.equal(verifySignature(secret, "a/b.pdf", exp, sig.slice(2), now), false, "short sig");
  assert.equal(verifySignature(secret, "a/b.pdf", exp, sig.toUpperCase(), now), false);
});

Deno.test("signed URLs: each purpose has its own secret, none equal to the root", () => {
  const files = urlSecret(ROOT, "local-file-urls");
  const audio = urlSecret(ROOT, "question-audio-urls");
  assert.notEqual(files, audio);
  assert.notEqual(files, ROOT);
  const query = new URLSearchParams(signUrl(files, "s/1", 60));
  assert.equal(verifySignature(audio, "s/1", query.get("exp")!, query.get("sig")!), false);
  assert.equal(verifySignature(files, "s/1", query.get("exp")!, query.get("sig")!), true);
});
