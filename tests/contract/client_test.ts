/**
 * docs/CLIENTS.md's promise: the committed client types are what openapi-typescript makes of
 * the served document today, and the documented flow (docs/clients/example.ts, typed against
 * them by `deno check`) runs through openapi-fetch against a live server.
 */
import assert from "node:assert/strict";
import { createOfflineProvider } from "../../lib/ai/offline/mod.ts";
import { interviewFlow } from "../../docs/clients/example.ts";
import { openApiDocument } from "../../scripts/openapi.ts";
import { createTestApp } from "../helpers.ts";

const TYPES = new URL("../../docs/clients/api.d.ts", import.meta.url);

Deno.test("the committed client types are generated from the current document", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mi-client-" });
  try {
    await Deno.writeTextFile(`${dir}/openapi.json`, JSON.stringify(await openApiDocument()));
    const out = await new Deno.Command("npx", {
      args: [
        "--yes",
        "-p",
        "typescript@5",
        "-p",
        "openapi-typescript@7",
        "openapi-typescript",
        "openapi.json",
        "-o",
        "api.d.ts",
      ],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.ok(
      (await Deno.readTextFile(`${dir}/api.d.ts`)) === (await Deno.readTextFile(TYPES)),
      "docs/clients/api.d.ts is stale: regenerate it as docs/CLIENTS.md says",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the documented client flow runs against a live server", async () => {
  const t = await createTestApp({ ai: createOfflineProvider() });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req, info) => t.app.fetch(req, info),
  );
  try {
    const result = await interviewFlow(`http://127.0.0.1:${server.addr.port}`);
    assert.equal(result.status, "completed");
    assert.equal(result.turns.length, 5);
    for (const turn of result.turns) {
      assert.match(
        turn.answer_stt_text ?? "",
        new RegExp(`^${turn.turn_number}번 질문에 답합니다`),
      );
      assert.equal(turn.answer_source, "text");
      assert.ok(turn.feedback, `turn ${turn.turn_number} has feedback`);
    }
    assert.ok(result.feedback?.summary);
  } finally {
    await server.shutdown();
    await t.close();
  }
});
