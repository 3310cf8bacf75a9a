/**
 * The progress page in real Chromium after three interviews (answered through the API against
 * the fake OpenAI, with recordings so the voice metrics exist): five server-drawn SVG charts
 * with a point per interview (one with a line per rubric dimension), the sessions table, no script on the page; the empty state before
 * that; the requirement map on a result; the cover-letter feedback in sections with highlighted
 * keywords, and an old letter's plain text. Screenshots for phone and desktop.
 */
import assert from "node:assert/strict";
import { jsonReq } from "../helpers.ts";
import { completedInterview, letterFor, typedAnswers } from "../interview_helpers.ts";
import {
  E2E,
  launch,
  newPage,
  reportSkipped,
  shot,
  signUpThroughForm,
  startApp,
} from "./browser.ts";

reportSkipped("tests/e2e/progress_test.ts");

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

Deno.test({
  name: "progress page: charts across three interviews, drawn on the server",
  ...E2E,
  async fn() {
    const app = await startApp("openai");
    const browser = await launch({ mic: "deny" });
    try {
      const { page } = await newPage(browser);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));

      await page.goto(`${app.base}/signup`);
      assert.ok(await page.isVisible("#blind-note"), "sign-up explains age and gender");
      const email = await signUpThroughForm(page, app.base);
      const login = await app.test.app.request(
        "/api/auth/login",
        jsonReq("POST", { email, password: "correct horse battery" }),
      );
      const token = (await login.json()).access_token;

      await page.goto(`${app.base}/progress`);
      assert.ok(await page.isVisible("[data-progress-empty]"), "empty before two interviews");

      const letterId = await letterFor(app.test, token, "핀테크 백엔드 개발자");
      const audio = await Deno.readFile(
        new URL("../fixtures/audio/speech.webm", import.meta.url),
      );
      const results = [];
      for (const covering of [0, 2, 3]) {
        app.fake!.queueTranscripts(...typedAnswers(covering));
        results.push(await completedInterview(app.test, token, letterId, { audio }));
      }

      await page.goto(`${app.base}/progress`);
      assert.equal(await page.locator("script[src]").count(), 0, "no client script");
      for (const id of ["chart-score", "chart-spm", "chart-fpm", "chart-coverage"]) {
        const chart = page.locator(`[data-chart='${id}']`);
        assert.equal(await chart.locator("svg path").count(), 1, id);
        assert.equal(await chart.locator("circle").count(), 3, `${id}: a point per interview`);
      }
      const rubric = page.locator("[data-chart='chart-rubric']");
      assert.equal(await rubric.locator("svg path").count(), 5, "a line per rubric dimension");
      assert.equal(await rubric.locator("circle").count(), 15);
      const { points } = await (await app.test.app.request(
        "/api/users/me/progress",
        jsonReq("GET", undefined, token),
      )).json();
      const drawn = await rubric.locator("circle").evaluateAll((els) =>
        els.map((e) => Number(e.getAttribute("data-value")))
      );
      assert.deepEqual(
        drawn,
        ["conclusion_first", "specifics", "relevance", "structure", "delivery"].flatMap((d) =>
          points.map((x: { rubric: Record<string, number> }) => x.rubric[d])
        ),
        "a line per dimension, a point per interview, the API's means",
      );
      const coverage = await page.locator("[data-chart='chart-coverage'] circle")
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))));
      assert.deepEqual(
        coverage,
        results.map((r) => Math.round(r.requirement_map.coverage * 100)),
      );
      assert.ok(coverage[2] > coverage[0], "coverage grew");
      const rows = page.locator("#sessions tbody tr");
      assert.equal(await rows.count(), 3);
      assert.match(await rows.first().textContent() ?? "", /핀테크 백엔드 개발자/);
      for (const [name, size] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
        await page.setViewportSize(size);
        await shot(page, `progress-${name}`);
      }

      await page.goto(`${app.base}/history`);
      assert.ok(await page.isVisible("a[href='/progress']"));
      assert.match(await page.textContent("main") ?? "", /핀테크 백엔드 개발자/);

      await page.goto(`${app.base}/interviews/${results[2].session_id}/result`);
      assert.ok(await page.isVisible("#requirement-map"));
      assert.ok(await page.locator("[data-evidenced='true']").count() > 0);
      for (const [name, size] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
        await page.setViewportSize(size);
        await shot(page, `requirement-map-${name}`);
      }

      await page.goto(`${app.base}/cover-letters/${letterId}`);
      assert.ok(await page.isVisible("[data-structured-feedback]"));
      assert.ok(await page.locator("[data-section='keywords'] mark").count() > 0, "highlights");
      for (const [name, size] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
        await page.setViewportSize(size);
        await shot(page, `cover-letter-feedback-${name}`);
      }
      await app.test.db.sql`update cover_letters set ai_feedback_structured = null`;
      await page.reload();
      assert.equal(await page.locator("[data-structured-feedback]").count(), 0);
      assert.match(await page.textContent("#feedback") ?? "", /총평/, "old letters show text");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
