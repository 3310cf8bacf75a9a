/**
 * Browser-test helpers: launch the system Chromium through playwright-core (never a browser
 * download), run the app in-process on a free port so tests share its fake OpenAI and
 * database, and save screenshots to tests/artifacts/screenshots/.
 *
 * The fake microphone plays tests/fixtures/answer_ko.wav in a loop; it was made with
 *   espeak-ng -v ko -s 150 -w a.wav "안녕하세요. 저는 결제 시스템을 운영한 백엔드 개발자입니다. 장애를 빠르게 해결했습니다."
 *   ffmpeg -i a.wav -ar 16000 -ac 1 -c:a pcm_s16le tests/fixtures/answer_ko.wav
 */
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { ensureAssets } from "../../lib/assets.ts";
import type { AiProvider } from "../../lib/ai/types.ts";
import { type FakeOpenAI, fakeOpenAiProvider, startFakeOpenAI } from "../fake_openai.ts";
import { createTestApp, type TestApp } from "../helpers.ts";

/** Where Debian installs Chromium. */
export const CHROMIUM = "/usr/bin/chromium";
/** Whether browser tests can run here. */
export const HAS_CHROMIUM = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

/** Prints the loud line `deno task test` shows when the browser tests cannot run. */
export function reportSkipped(file: string): void {
  if (HAS_CHROMIUM) return;
  console.log(
    `\n*** SKIPPED browser tests in ${file}: ${CHROMIUM} not found. Install it with:\n` +
      `***   apt-get update && apt-get install -y chromium fonts-noto-cjk\n`,
  );
}

/** Deno.test options for browser tests: Playwright keeps pipes and timers of its own. */
export const E2E = {
  ignore: !HAS_CHROMIUM,
  sanitizeOps: false,
  sanitizeResources: false,
  sanitizeExit: false,
} as const;

const FIXTURE_WAV = new URL("../fixtures/answer_ko.wav", import.meta.url).pathname;
const SHOTS = new URL("../artifacts/screenshots/", import.meta.url).pathname;

/** Launches headless Chromium; `mic: "fake"` grants a fake microphone that plays the fixture. */
export async function launch(opts: { mic: "fake" | "deny" }): Promise<Browser> {
  const args = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-audio-capture=${FIXTURE_WAV}`,
  ];
  if (opts.mic === "fake") args.push("--use-fake-ui-for-media-stream");
  return await chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/** Phone and desktop viewports used for screenshots. */
export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;

/** A fresh context and page; `deny` refuses the microphone permission outright. */
export async function newPage(
  browser: Browser,
  opts: { viewport?: keyof typeof VIEWPORTS; locale?: string; denyMic?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[opts.viewport ?? "desktop"],
    locale: opts.locale ?? "ko-KR",
  });
  if (!opts.denyMic) await context.grantPermissions(["microphone"]);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return { context, page };
}

/** Saves a full-page screenshot as `<name>.png` and returns its path. */
export async function shot(page: Page, name: string): Promise<string> {
  await Deno.mkdir(SHOTS, { recursive: true });
  const path = `${SHOTS}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The app served over HTTP on a free port, with the AI it uses. */
export interface E2eApp {
  base: string;
  test: TestApp;
  fake: FakeOpenAI | null;
  close(): Promise<void>;
}

/**
 * Runs the app in-process (fresh database, local storage) behind `Deno.serve` on port 0, with
 * the fake OpenAI (`ai: "openai"`) or the offline provider.
 */
export async function startApp(
  ai: "openai" | "offline",
  /** Changes the provider built on the fake (another voice, say). */
  adapt: (ai: AiProvider, fake: FakeOpenAI) => AiProvider = (ai) => ai,
): Promise<E2eApp> {
  await ensureAssets();
  const fake = ai === "openai" ? await startFakeOpenAI() : null;
  const test = await createTestApp(fake ? { ai: adapt(fakeOpenAiProvider(fake), fake) } : {});
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, test.app.fetch);
  return {
    base: `http://127.0.0.1:${server.addr.port}`,
    test,
    fake,
    async close() {
      await server.shutdown();
      await test.close();
      await fake?.close();
    },
  };
}

/** A posting long enough to analyse. */
export const POSTING_TEXT = `[채용] 핀테크 스타트업 백엔드 개발자
주요 업무: 결제 API 설계와 운영, 대용량 트랜잭션 처리, 장애 대응
자격 요건: Go 또는 Java 3년 이상, PostgreSQL, AWS 운영 경험
우대 사항: Kubernetes, 결제 도메인 경험, 원활한 협업 능력`;

/** A cover letter long enough for feedback. */
export const COVER_LETTER = `저는 3년 동안 결제 시스템의 백엔드를 개발하고 운영했습니다.
하루 수십만 건의 거래를 처리하는 API를 Go로 다시 작성해 응답 시간을 40% 줄였고,
장애가 났을 때는 원인을 빠르게 찾아 팀과 함께 재발 방지 대책을 세웠습니다.
귀사의 결제 플랫폼에서 이 경험을 살려 안정적인 서비스를 만들고 싶습니다.`;

/** What the form helpers need of a page: Playwright's, or another engine's (engines.ts). */
export interface FormPage {
  goto(url: string): Promise<unknown>;
  fill(selector: string, value: string): Promise<void>;
  selectOption(selector: string, value: string): Promise<unknown>;
  click(selector: string): Promise<void>;
  waitForURL(url: RegExp, opts?: { timeout?: number }): Promise<void>;
  url(): string | Promise<string>;
}

/** Signs up through the form and lands on the dashboard. */
export async function signUpThroughForm(page: FormPage, base: string): Promise<string> {
  const email = `e2e-${crypto.randomUUID().slice(0, 8)}@example.com`;
  await page.goto(`${base}/signup`);
  await page.fill("#f-email", email);
  await page.fill("#f-password", "correct horse battery");
  await page.fill("#f-name", "김지원");
  await page.fill("#f-age", "29");
  await page.selectOption("#f-gender", "female");
  await page.fill("#f-career_summary", "핀테크 회사 백엔드 개발 3년, 결제 API 운영");
  await page.fill("#f-certifications", "정보처리기사");
  // Click, then wait: one command at a time (WebKitWebDriver can stall on a command sent while
  // a click is still waiting for its navigation).
  await page.click("form[action='/signup'] button");
  await page.waitForURL(/\/dashboard/);
  return email;
}

/** Adds a pasted posting, writes a cover letter for it and returns the letter's page URL. */
export async function postingAndLetter(page: FormPage, base: string): Promise<string> {
  await page.goto(`${base}/postings/new`);
  await page.fill("#f-title", "핀테크 백엔드 개발자");
  await page.fill("#f-text", POSTING_TEXT);
  await page.click("form[action='/postings/new'] button[type=submit]");
  await page.waitForURL(/\/postings\/[0-9a-f-]{36}/);
  // The posting's "write a cover letter for it" link.
  await page.click("a[href^='/cover-letters/new?posting=']");
  await page.waitForURL(/\/cover-letters\/new/);
  await page.fill("#f-content", COVER_LETTER);
  await page.click("form[action='/cover-letters/new'] button[type=submit]");
  await page.waitForURL(/\/cover-letters\/[0-9a-f-]{36}/);
  return page.url();
}

/** What the interview-room helpers need of a page besides the form steps. */
export interface RoomPage extends FormPage {
  waitForSelector(selector: string, opts?: { timeout?: number }): Promise<unknown>;
}

/**
 * On a cover letter's page: starts an interview with `prep` seconds of preparation countdown
 * (none by default, for the tests that do not test it) and lands in the room. The transcript
 * review before feedback is on in the form; it is turned off unless `review` (journey_test.ts
 * takes it).
 */
export async function startInterviewThroughForm(
  page: FormPage,
  opts: { prep?: string; review?: boolean } = {},
): Promise<void> {
  await page.selectOption("#f-prep_seconds", opts.prep ?? "0");
  if (!opts.review) await page.click("#f-transcript_review");
  await page.click("form[action='/interviews'] button");
  await page.waitForURL(/\/interviews\/[0-9a-f-]{36}$/);
}

/** Stops the recording and submits the take from its review (a submitted answer is final). */
export async function submitTake(page: RoomPage): Promise<void> {
  await page.click("#rec-stop");
  await page.waitForSelector("[data-phase='review'] #rec-submit");
  await page.click("#rec-submit");
}
