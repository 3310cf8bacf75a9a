import { argon2id, argon2Verify } from "hash-wasm";

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB memory, 2 iterations, 1 lane. */
export const ARGON2_PARAMS = { memorySize: 19_456, iterations: 2, parallelism: 1, hashLength: 32 };

type Job =
  | { op: "hash"; password: string; salt: Uint8Array; params: typeof ARGON2_PARAMS }
  | { op: "verify"; password: string; hash: string };

/**
 * A small pool of workers, one per core, so hashing neither blocks the event loop nor is
 * limited to one core. Where workers are unavailable (some serverless hosts) it runs inline.
 */
class HashPool {
  #workers: Worker[] = [];
  #next = 0;
  #seq = 0;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #disabled = false;

  run(job: Job): Promise<unknown> {
    const worker = this.#worker();
    if (!worker) return inline(job);
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...job });
    });
  }

  #worker(): Worker | null {
    if (this.#disabled) return null;
    if (this.#workers.length === 0) {
      try {
        const size = Math.max(1, Math.min(4, navigator.hardwareConcurrency ?? 1));
        for (let i = 0; i < size; i++) {
          const w = new Worker(new URL("./password_worker.ts", import.meta.url), {
            type: "module",
          });
          w.onmessage = (e) => {
            const p = this.#pending.get(e.data.id);
            this.#pending.delete(e.data.id);
            if (e.data.error) p?.reject(new Error(e.data.error));
            else p?.resolve(e.data.result);
          };
          // Workers must not keep the process (or a test) alive on their own.
          (w as unknown as { unref?: () => void }).unref?.();
          this.#workers.push(w);
        }
      } catch {
        this.#disabled = true;
        return null;
      }
    }
    return this.#workers[this.#next++ % this.#workers.length];
  }
}

function inline(job: Job): Promise<unknown> {
  return job.op === "hash"
    ? argon2id({ password: job.password, salt: job.salt, ...job.params, outputType: "encoded" })
    : argon2Verify({ password: job.password, hash: job.hash });
}

const pool = new HashPool();

/** Hashes a password into a self-describing PHC string (`$argon2id$v=19$m=…`). */
export async function hashPassword(password: string): Promise<string> {
  return await pool.run({
    op: "hash",
    password: password.normalize("NFC"),
    salt: crypto.getRandomValues(new Uint8Array(16)),
    params: ARGON2_PARAMS,
  }) as string;
}

/** Verifies a password against a PHC hash; hash-wasm compares the digests in constant time. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await pool.run({ op: "verify", password: password.normalize("NFC"), hash }) === true;
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
