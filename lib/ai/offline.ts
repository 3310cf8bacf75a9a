// The offline provider moved to offline/mod.ts; this path stays while its importers (ai/mod.ts,
// tests) are switched over at merge.
export { createOfflineProvider } from "./offline/mod.ts";
