/**
 * The served OpenAPI document passes Redocly's `recommended` ruleset with no errors. The
 * document comes from the app itself (no server, no database); only npx fetches the linter.
 */
import assert from "node:assert/strict";
import { openApiDocument } from "../../scripts/openapi.ts";

/** Redocly's `--format=json` report, as far as this test reads it. */
interface LintReport {
  totals: { errors: number; warnings: number };
  problems: {
    ruleId: string;
    severity: string;
    message: string;
    location: { pointer: string }[];
  }[];
}

Deno.test("redocly lint (recommended) reports no errors on /api/openapi.json", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mi-openapi-" });
  try {
    const file = `${dir}/openapi.json`;
    await Deno.writeTextFile(file, JSON.stringify(await openApiDocument(), null, 2));
    const out = await new Deno.Command("npx", {
      args: ["--yes", "@redocly/cli@2", "lint", "--extends=recommended", "--format=json", file],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert.ok(text.trim().startsWith("{"), new TextDecoder().decode(out.stderr));
    const report: LintReport = JSON.parse(text);
    const lines = report.problems.map((p) =>
      `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`
    );
    assert.equal(report.totals.errors, 0, lines.join("\n"));
    // The one warning left is `info-license`: the project states no licence to publish.
    assert.deepEqual(
      report.problems.map((p) => p.ruleId).filter((r) => r !== "info-license"),
      [],
      lines.join("\n"),
    );
    assert.equal(out.code, 0);
    console.log(`CONTRACT-FIGURES redocly errors=0 warnings=${report.totals.warnings}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
