import type { Result, Router } from "hono/router";
import { TrieRouter } from "hono/router/trie-router";

/** How many parameterless matches are kept before the cache starts over. */
export const MATCH_CACHE_MAX = 256;

/**
 * Hono's TrieRouter, with the match of every path that has no parameters cached.
 *
 * The app's routes put static and parameter segments side by side (`/interviews/start` next to
 * `/interviews/:session_id/answer`), which Hono's faster RegExpRouter refuses, so its default
 * SmartRouter settles on TrieRouter. A trie search allocates about 2.6 KiB per request (the
 * handler lists of every middleware layer), and garbage collection is a large share of the
 * API's CPU under load (docs/PERFORMANCE.md). Paths without parameters (`/api/interviews/history`,
 * `/api/users/me`, the pages) always match the same handlers, so their result is reused. The
 * cache is bounded: a scan of unknown paths only makes it start over.
 */
export class CachedTrieRouter<T> implements Router<T> {
  name = "CachedTrieRouter";
  #trie = new TrieRouter<T>();
  #cache = new Map<string, Result<T>>();

  add(method: string, path: string, handler: T): void {
    this.#cache.clear();
    this.#trie.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    const key = `${method} ${path}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const result = this.#trie.match(method, path);
    // TrieRouter results carry each handler's params object; Hono only reads them.
    const parameterless = (result[0] as [T, Record<string, string>][])
      .every(([, params]) => isEmpty(params));
    if (parameterless) {
      if (this.#cache.size >= MATCH_CACHE_MAX) this.#cache.clear();
      this.#cache.set(key, result);
    }
    return result;
  }
}

function isEmpty(params: Record<string, string>): boolean {
  for (const _ in params) return false;
  return true;
}
