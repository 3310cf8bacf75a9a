/**
 * What the process does with a rejection or exception that nothing handled. Deno's default is
 * to exit, which takes every in-flight request down with it — an answer being stored included.
 * Here such an error is logged (name and message only: messages of our own errors never carry
 * transcripts, and driver errors carry no query parameters) and counted in
 * `unhandled_errors_total`, and the process keeps serving. Each one is still a bug: the soak
 * and crash tests assert that the counter stays at 0 and that no such line is printed.
 *
 * postgres.js rejects internal promises that nothing awaits when the server drops a
 * connection (the query that owned it has already failed with its own error); those are
 * expected, logged as warnings and not counted.
 */
import { isConnectionError } from "../db/client.ts";
import type { Counter } from "prom-client";

type Log = (entry: Record<string, unknown>) => void;

/** Installs the process-wide handlers; returns a function that removes them (for tests). */
export function guardProcess(log: Log, counter: Counter): () => void {
  const onRejection = (e: PromiseRejectionEvent) => {
    e.preventDefault();
    if (isConnectionError(e.reason)) {
      log({ level: "warn", msg: "database connection dropped", code: e.reason.code });
      return;
    }
    counter.inc({ kind: "rejection" });
    log({ level: "error", msg: "unhandled rejection", ...describe(e.reason) });
  };
  const onError = (e: ErrorEvent) => {
    e.preventDefault();
    counter.inc({ kind: "exception" });
    log({ level: "error", msg: "uncaught exception", ...describe(e.error) });
  };
  globalThis.addEventListener("unhandledrejection", onRejection);
  globalThis.addEventListener("error", onError);
  return () => {
    globalThis.removeEventListener("unhandledrejection", onRejection);
    globalThis.removeEventListener("error", onError);
  };
}

function describe(err: unknown): Record<string, string> {
  return err instanceof Error
    ? { error: err.name, message: err.message, stack: err.stack ?? "" }
    : { error: typeof err };
}
