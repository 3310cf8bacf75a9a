/**
 * The other browser engines for the e2e tests, behind one small page interface so that one
 * journey script (engine_journey.ts) drives them all:
 * - Firefox ESR (Debian `firefox-esr`) through `puppeteer-core` over WebDriver BiDi, no
 *   geckodriver; fake microphone by prefs. Its `<audio>` needs an audio sink, or every element
 *   fails to decode: a PulseAudio null sink.
 * - WebKitGTK (Debian `webkit2gtk-driver`), the engine closest to Safari here, through
 *   `selenium-webdriver` and `WebKitWebDriver`; it has no headless mode and runs under Xvfb.
 *   It starts with `--media-playback-requires-user-gesture=true`, Safari's iOS rule, so the
 *   recorder's unlocking in the first tap is exercised.
 * Xvfb and PulseAudio are used from `DISPLAY` / `PULSE_SERVER` when set (`.ci/run` starts one
 * of each), otherwise each test process starts private ones and stops them on close.
 */
import puppeteer, { type Page as PuppeteerPage } from "puppeteer-core";
import { Builder, By, until, type WebDriver } from "selenium-webdriver";
import type { FormPage } from "./browser.ts";

export const FIREFOX = "/usr/bin/firefox-esr";
export const WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver";
export const MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const XVFB = "/usr/bin/Xvfb";
const PULSEAUDIO = "/usr/bin/pulseaudio";

const exists = (path: string) => {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
};
export const HAS_FIREFOX = exists(FIREFOX) && exists(PULSEAUDIO);
export const HAS_WEBKIT = exists(WEBKIT_DRIVER) && exists(MINIBROWSER) && exists(XVFB) &&
  exists(PULSEAUDIO);

/**
 * Deno.test options for one engine; drivers keep pipes and timers of their own.
 * `SKIP_ENGINE_TESTS=1` leaves them out (CI's second pass, on PGlite: they test browsers, not
 * the database, and take minutes).
 */
export function engineTest(has: boolean) {
  const skip = !has || !!Deno.env.get("SKIP_ENGINE_TESTS");
  return { ignore: skip, sanitizeOps: false, sanitizeResources: false, sanitizeExit: false };
}

/** Prints the loud line `deno task test` shows when an engine's tests cannot run. */
export function reportEngineSkipped(file: string, has: boolean, packages: string): void {
  if (has) return;
  console.log(
    `\n*** SKIPPED browser tests in ${file}: install them with\n` +
      `***   apt-get update && apt-get install -y ${packages}\n`,
  );
}

/** What the journey needs of a page, on top of the form helpers of browser.ts. */
export interface EnginePage extends FormPage {
  waitForSelector(selector: string, opts?: { timeout?: number }): Promise<unknown>;
  textContent(selector: string): Promise<string | null>;
  /** Runs `fn(arg)` in the page; its result must be JSON. */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Saves a screenshot as tests/artifacts/screenshots/<name>.png. */
  shot(name: string): Promise<void>;
}

/** A launched engine with its one page. */
export interface Engine {
  name: "firefox" | "webkit";
  page: EnginePage;
  close(): Promise<void>;
}

const SHOTS = new URL("../artifacts/screenshots/", import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it is true, or throws after `timeout` ms. */
async function until_(what: string, check: () => Promise<boolean>, timeout = 30_000) {
  const end = performance.now() + timeout;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface Service {
  env: Record<string, string>;
  close(): Promise<void>;
}

/** An X display: `DISPLAY`, or a private Xvfb on the first free display number. */
async function display(): Promise<Service> {
  const given = Deno.env.get("DISPLAY");
  if (given) return { env: { DISPLAY: given }, close: async () => {} };
  const child = new Deno.Command(XVFB, {
    args: ["-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  let out = "";
  while (!out.includes("\n")) {
    const r = await reader.read();
    if (r.done) throw new Error("Xvfb exited before it chose a display");
    out += new TextDecoder().decode(r.value);
  }
  reader.releaseLock();
  void child.stdout.cancel();
  return {
    env: { DISPLAY: `:${out.trim()}` },
    async close() {
      child.kill();
      await child.status;
    },
  };
}

/** An audio sink: `PULSE_SERVER`, or a private PulseAudio with one null sink. */
async function pulse(): Promise<Service> {
  const given = Deno.env.get("PULSE_SERVER");
  if (given) return { env: { PULSE_SERVER: given }, close: async () => {} };
  const dir = await Deno.makeTempDir({ prefix: "pulse-" });
  const socket = `${dir}/native`;
  const child = new Deno.Command(PULSEAUDIO, {
    args: [
      "--daemonize=no",
      "--exit-idle-time=-1",
      "-n",
      "--use-pid-file=no",
      `--load=module-native-protocol-unix socket=${socket} auth-anonymous=1`,
      "--load=module-null-sink sink_name=null",
    ],
    env: { HOME: dir, XDG_RUNTIME_DIR: dir },
    stdout: "null",
    stderr: "null",
  }).spawn();
  // The socket is not a regular file: look for its name.
  await until_("PulseAudio", () => Promise.resolve(hasEntry(dir, "native")), 10_000);
  return {
    env: { PULSE_SERVER: `unix:${socket}` },
    async close() {
      child.kill();
      await child.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

function hasEntry(dir: string, name: string): boolean {
  for (const e of Deno.readDirSync(dir)) if (e.name === name) return true;
  return false;
}

/** A free TCP port on 127.0.0.1. */
function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** The viewport the journey's screenshots use. */
const SIZE = { width: 1280, height: 900 };

/**
 * Firefox ESR with a fake microphone (a tone) that is granted, or refused by the permission
 * default (`mic: "deny"`), as a candidate's "Block" would.
 */
export async function launchFirefox(opts: { mic: "fake" | "deny" }): Promise<Engine> {
  const sink = await pulse();
  const profile = await Deno.makeTempDir({ prefix: "ff-" });
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      "media.navigator.streams.fake": true,
      "media.navigator.permission.disabled": opts.mic === "fake",
      // 2 = block: getUserMedia rejects with NotAllowedError, with no prompt.
      ...(opts.mic === "deny" ? { "permissions.default.microphone": 2 } : {}),
      "intl.accept_languages": "ko-KR, ko",
    },
    env: { ...Deno.env.toObject(), ...sink.env },
  });
  const page = await browser.newPage();
  await page.setViewport(SIZE);
  page.setDefaultTimeout(30_000);
  return {
    name: "firefox",
    page: puppeteerPage(page),
    async close() {
      await browser.close();
      await sink.close();
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}

function puppeteerPage(page: PuppeteerPage): EnginePage {
  return {
    goto: (url) => page.goto(url),
    async fill(selector, value) {
      await page.waitForSelector(selector);
      await page.$eval(selector, setValue, value);
    },
    async selectOption(selector, value) {
      await page.waitForSelector(selector);
      await page.select(selector, value);
    },
    async click(selector) {
      await page.waitForSelector(selector, { visible: true });
      await page.click(selector);
    },
    waitForURL: (re, o) =>
      until_(`URL ${re}`, () => Promise.resolve(re.test(page.url())), o?.timeout),
    waitForSelector: (selector, o) => page.waitForSelector(selector, o),
    textContent: (selector) => page.$eval(selector, (e) => e.textContent),
    url: () => page.url(),
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      page.evaluate(fn as (a: unknown) => unknown, arg) as Promise<R>,
    async shot(name) {
      await Deno.mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
    },
  };
}

/** Sets a form field the way typing would, firing `input`. */
function setValue(el: Element, value: string) {
  (el as HTMLInputElement).value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

/**
 * WebKitGTK's MiniBrowser with mock capture devices (a tone) and Safari's gesture rule for
 * audible playback. WebKitWebDriver offers no way to refuse the microphone: `mic: "deny"`
 * makes `getUserMedia` reject with `NotAllowedError` in every page, as Safari does after
 * "Don't Allow".
 */
export async function launchWebKit(opts: { mic: "fake" | "deny" }): Promise<Engine> {
  const [x, sink] = await Promise.all([display(), pulse()]);
  const port = freePort();
  const driverProc = new Deno.Command(WEBKIT_DRIVER, {
    args: [`--port=${port}`],
    env: { ...x.env, ...sink.env },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const server = `http://127.0.0.1:${port}`;
  await until_(
    "WebKitWebDriver",
    () =>
      fetch(`${server}/status`).then((r) => r.body?.cancel().then(() => r.ok) ?? r.ok, () => false),
    15_000,
  );
  const driver = await new Builder().usingServer(server).withCapabilities({
    browserName: "MiniBrowser",
    "webkitgtk:browserOptions": {
      binary: MINIBROWSER,
      args: [
        "--automation",
        "--enable-media-stream=true",
        "--enable-mock-capture-devices=true",
        "--media-playback-requires-user-gesture=true",
      ],
    },
  }).build();
  await driver.manage().setTimeouts({ script: 120_000, pageLoad: 30_000 });
  await driver.manage().window().setRect(SIZE);
  return {
    name: "webkit",
    page: webdriverPage(driver, opts.mic === "deny"),
    async close() {
      await driver.quit().catch(() => {});
      driverProc.kill();
      await driverProc.status;
      await Promise.all([x.close(), sink.close()]);
    },
  };
}

/** The refusal Safari gives after "Don't Allow", for a driver that cannot click it. */
const REFUSE_MIC = `navigator.mediaDevices.getUserMedia = () =>
  Promise.reject(new DOMException("Permission denied", "NotAllowedError"));`;

function webdriverPage(driver: WebDriver, denyMic: boolean): EnginePage {
  const find = async (selector: string, timeout = 30_000) =>
    await driver.wait(until.elementLocated(By.css(selector)), timeout, `no ${selector}`);
  const refuse = async () => {
    if (denyMic) await driver.executeScript(REFUSE_MIC);
  };
  return {
    async goto(url) {
      await driver.get(url);
      await refuse();
    },
    async fill(selector, value) {
      await driver.executeScript(
        `(${setValue})(arguments[0], arguments[1])`,
        await find(selector),
        value,
      );
    },
    async selectOption(selector, value) {
      await driver.executeScript(`arguments[0].value = arguments[1]`, await find(selector), value);
    },
    async click(selector) {
      const el = await find(selector);
      await driver.wait(until.elementIsVisible(el), 30_000);
      await el.click();
    },
    async waitForURL(re, o) {
      await until_(`URL ${re}`, async () => re.test(await driver.getCurrentUrl()), o?.timeout);
      await refuse();
    },
    waitForSelector: (selector, o) => find(selector, o?.timeout),
    textContent: (selector) =>
      driver.executeScript<string | null>(
        "return document.querySelector(arguments[0])?.textContent ?? null",
        selector,
      ),
    url: () => driver.getCurrentUrl(),
    async evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
      const out = await driver.executeAsyncScript<{ ok?: R; err?: string }>(
        `const done = arguments[arguments.length - 1];
         Promise.resolve().then(() => (${fn})(arguments[0]))
           .then((ok) => done({ ok }), (e) => done({ err: String(e) }));`,
        arg,
      );
      if (out.err !== undefined) throw new Error(out.err);
      return out.ok as R;
    },
    async shot(name) {
      await Deno.mkdir(SHOTS, { recursive: true });
      const png = Uint8Array.from(atob(await driver.takeScreenshot()), (c) => c.charCodeAt(0));
      await Deno.writeFile(`${SHOTS}${name}.png`, png);
    },
  };
}
