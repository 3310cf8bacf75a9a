import { argon2id, argon2Verify } from "hash-wasm";

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB memory, 2 iterations, 1 lane. */
export const ARGON2_PARAMS = { memorySize: 19_456, iterations: 2, parallelism: 1, hashLength: 32 };

/** Hashes a password into a self-describing PHC string (`$argon2id$v=19$m=…`). */
export function hashPassword(password: string): Promise<string> {
  return argon2id({
    password: password.normalize("NFC"),
    salt: crypto.getRandomValues(new Uint8Array(16)),
    ...ARGON2_PARAMS,
    outputType: "encoded",
  });
}

/** Verifies a password against a PHC hash; hash-wasm compares the digests in constant time. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await argon2Verify({ password: password.normalize("NFC"), hash });
  } catch {
    return false;
  }
}

// A real hash of a random password: verifying against it costs the same as a real account, so
// login timing does not reveal whether an e-mail is registered.
let dummyHash: Promise<string> | undefined;
/** Spends one verification's worth of time for a login whose e-mail is unknown. */
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(password, await dummyHash);
}
