/**
 * Concurrency soak: a real server process (`main.ts`) under 32 concurrent clients for a bounded
 * time, once on embedded PGlite and once on PostgreSQL (when TEST_DATABASE_URL names one).
 * The clients mix reads, refresh-token rotations, transactions (interview start, answers,
 * the feedback worker), duplicate answers to one turn and 404 paths. Asserted: the process
 * stays up, no response is 5xx, no connection fails, exactly one of each duplicate pair wins,
 * and afterwards every acknowledged answer is stored exactly once with the winner's audio —
 * and no refused one is. `SOAK-FIGURES` lines give requests, req/s, p99 and peak RSS.
 *
 * With postgres.js `max_pipeline: 1` (the setting behind issue 11) the PGlite run dies within
 * seconds: a transaction queued behind a running query is never bound to a connection.
 */
import assert from "node:assert/strict";
import { basename } from "node:path";
import { type FakeOpenAI, startFakeOpenAI } from "./fake_openai.ts";
import { filesUnder, storedRecording } from "./helpers.ts";
import {
  bearer,
  fixture,
  form,
  LETTER_TEXT,
  POSTING_TEXT,
  type ServerProcess,
  serverSetup,
} from "./security/support.ts";

const CLIENTS = 32;
const USERS = 8;
const SECONDS = Number(Deno.env.get("SOAK_SECONDS") ?? 12);
/** Two rotations of every action: four interview steps, three of them duplicate answers. */
const MIN_STEPS = 12;
const PASSWORD = "correct horse battery";

interface Client {
  email: string;
  access: string;
  refresh: string;
  postingId: string;
  letterId: string;
  session: { id: string; turn: number } | null;
}

interface Ack {
  sessionId: string;
  turn: number;
  access: string;
  /** Size of the recording as the server keeps it (its seekable copy). */
  bytes: number;
}

/** Everything observed during a soak. */
class Tally {
  latencies: number[] = [];
  serverErrors: string[] = [];
  unexpected: string[] = [];
  networkErrors: string[] = [];
  duplicates = 0;
  acks: Ack[] = [];
  refused: Ack[] = [];

  constructor(readonly base: string) {}

  /** One request; `expect` lists the statuses this action may answer. */
  async call(
    label: string,
    method: string,
    path: string,
    expect: number[],
    opts: { token?: string; json?: unknown; body?: FormData } = {},
  ): Promise<{ status: number; json: Record<string, unknown> } | null> {
    const headers: Record<string, string> = opts.token ? bearer(opts.token) : {};
    let body: BodyInit | undefined = opts.body;
    if (opts.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.json);
    }
    const started = performance.now();
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.base}${path}`, { method, headers, body });
      text = await res.text();
    } catch (e) {
      this.networkErrors.push(`${label}: ${(e as Error).message}`);
      return null;
    }
    this.latencies.push(performance.now() - started);
    if (res.status >= 500) this.serverErrors.push(`${label} ${res.status} ${text.slice(0, 200)}`);
    else if (!expect.includes(res.status)) {
      this.unexpected.push(`${label} ${res.status} ${text.slice(0, 200)}`);
    }
    let json: Record<string, unknown> = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch { /* a non-JSON body is caught by the status checks */ }
    return { status: res.status, json };
  }
}

async function signUp(t: Tally, i: number): Promise<Omit<Client, "access" | "refresh">> {
  const email = `soak-${i}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  await t.call("register", "POST", "/api/auth/register", [201], {
    json: { email, password: PASSWORD },
  });
  const login = await t.call("login", "POST", "/api/auth/login", [200], {
    json: { email, password: PASSWORD },
  });
  const token = login!.json.access_token as string;
  const posting = await t.call("posting", "POST", "/api/job-postings", [201], {
    token,
    body: form({ text: POSTING_TEXT }),
  });
  const letter = await t.call("letter", "POST", "/api/cover-letters", [201], {
    token,
    json: { job_posting_id: posting!.json.id, content: LETTER_TEXT },
  });
  return {
    email,
    postingId: posting!.json.id as string,
    letterId: letter!.json.id as string,
    session: null,
  };
}

async function logIn(t: Tally, user: Omit<Client, "access" | "refresh">): Promise<Client> {
  const res = await t.call("login", "POST", "/api/auth/login", [200], {
    json: { email: user.email, password: PASSWORD },
  });
  return {
    ...user,
    access: res!.json.access_token as string,
    refresh: res!.json.refresh_token as string,
  };
}

/** One interview step: start a session, or send two answers to its current turn at once. */
async function interviewStep(
  t: Tally,
  c: Client,
  audio: Uint8Array[],
  storedSizes: number[],
): Promise<void> {
  if (!c.session) {
    const res = await t.call("start", "POST", "/api/interviews/start", [201], {
      token: c.access,
      json: { cover_letter_id: c.letterId },
    });
    if (res?.status === 201) c.session = { id: res.json.session_id as string, turn: 1 };
    return;
  }
  const { id, turn } = c.session;
  const answers = await Promise.all(
    audio.map((bytes, k) =>
      t.call(`answer#${k}`, "POST", `/api/interviews/${id}/answer`, [200, 409], {
        token: c.access,
        body: form({ turn_number: String(turn) }, {
          audio: { bytes, name: k === 0 ? "answer.webm" : "answer.wav" },
        }),
      }).then((res) => ({ res, bytes: storedSizes[k] }))
    ),
  );
  t.duplicates++;
  const winners = answers.filter((a) => a.res?.status === 200);
  for (const a of answers) {
    const ack = { sessionId: id, turn, access: c.access, bytes: a.bytes };
    (a.res?.status === 200 ? t.acks : t.refused).push(ack);
  }
  if (winners.length !== 1) {
    t.unexpected.push(`turn ${id}/${turn}: ${winners.length} winners of ${answers.length}`);
  }
  c.session = turn === 5 ? null : { id, turn: turn + 1 };
}

/**
 * A client's loop: a fixed rotation of actions until `until`, and at least {@link MIN_STEPS}
 * (so a slow machine still sends every kind of request) unless `hardStop` comes first.
 */
async function runClient(
  t: Tally,
  c: Client,
  bounds: { until: number; hardStop: number },
  audio: Uint8Array[],
  storedSizes: number[],
) {
  for (
    let step = 0;
    (Date.now() < bounds.until || step < MIN_STEPS) && Date.now() < bounds.hardStop;
    step++
  ) {
    switch (step % 6) {
      case 0:
        await t.call("me", "GET", "/api/users/me", [200], { token: c.access });
        break;
      case 1: {
        const res = await t.call("refresh", "POST", "/api/auth/refresh", [200], {
          json: { refresh_token: c.refresh },
        });
        if (res?.status === 200) {
          c.refresh = res.json.refresh_token as string;
          c.access = res.json.access_token as string;
        }
        break;
      }
      case 2:
        await t.call("history", "GET", "/api/interviews/history?limit=5", [200], {
          token: c.access,
        });
        await t.call("posting", "GET", `/api/job-postings/${c.postingId}`, [200], {
          token: c.access,
        });
        break;
      case 3:
        await t.call(
          "retry-missing",
          "POST",
          `/api/interviews/${crypto.randomUUID()}/feedback/retry`,
          [404],
          { token: c.access },
        );
        await t.call("no-route", "GET", "/api/no-such-route", [404]);
        break;
      default:
        await interviewStep(t, c, audio, storedSizes);
    }
  }
}

/** Peak resident memory of a process in MiB (VmHWM). */
async function peakRssMiB(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** Every acknowledged answer is stored with the winner's audio; nothing refused is stored. */
async function verifyAnswers(t: Tally, dataDir: string): Promise<void> {
  const bySession = Map.groupBy(t.acks, (a) => a.sessionId);
  for (const [sessionId, acks] of bySession) {
    const res = await fetch(`${t.base}/api/interviews/${sessionId}/result`, {
      headers: bearer(acks[0].access),
    });
    assert.equal(res.status, 200, `result of ${sessionId}`);
    const result = await res.json();
    const answered = result.turns.filter((x: { answer_stt_text: string | null }) =>
      x.answer_stt_text !== null
    );
    assert.deepEqual(
      answered.map((x: { turn_number: number }) => x.turn_number).sort(),
      acks.map((a) => a.turn).sort(),
      `answered turns of ${sessionId} are exactly the acknowledged ones`,
    );
    for (const ack of acks) {
      const turn = result.turns.find((x: { turn_number: number }) => x.turn_number === ack.turn);
      assert.ok(turn.answer_audio_url, `audio of ${sessionId}/${ack.turn}`);
      const audio = await fetch(new URL(turn.answer_audio_url, t.base));
      assert.equal(audio.status, 200);
      assert.equal((await audio.bytes()).byteLength, ack.bytes, "the winner's recording");
    }
  }
  if (dataDir) {
    // With local storage, refused duplicates must not have left files behind either.
    const files = (await filesUnder(`${dataDir}/files`)).filter((f) =>
      f.includes("/answers/") && !basename(f).startsWith(".")
    );
    assert.equal(files.length, t.acks.length, "one stored recording per acknowledged answer");
  }
}

async function soak(label: string, embedded: boolean) {
  const fake: FakeOpenAI = await startFakeOpenAI();
  fake.setLatency("transcription", 40);
  fake.setLatency("chat", 40);
  const setup = await serverSetup("soak", {
    OPENAI_API_KEY: "x",
    OPENAI_BASE_URL: fake.url,
    OPENAI_MAX_RETRIES: "0",
    FEEDBACK_WORKER: "true",
    RATE_LIMIT_AUTH_IP: "1000000",
    RATE_LIMIT_AUTH_ACCOUNT: "1000000",
    RATE_LIMIT_AI_USER: "1000000",
  }, { embedded });
  let server: ServerProcess | undefined;
  try {
    server = await setup.boot();
    const t = new Tally(setup.base);
    const audio = [await fixture("audio/speech.webm"), await fixture("audio/speech.wav")];
    // What the server keeps of each upload: its seekable copy (the WebM is remuxed).
    const storedSizes = await Promise.all(
      audio.map(async (b) => (await storedRecording(b)).byteLength),
    );
    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => signUp(t, i)));
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => logIn(t, users[i % USERS])),
    );
    t.latencies = [];
    const started = performance.now();
    const bounds = { until: Date.now() + SECONDS * 1000, hardStop: Date.now() + SECONDS * 10_000 };
    await Promise.all(clients.map((c) => runClient(t, c, bounds, audio, storedSizes)));
    const elapsed = (performance.now() - started) / 1000;

    assert.ok(server.running, "the server process is still running");
    assert.deepEqual(t.networkErrors, [], "no connection failed");
    assert.deepEqual(t.serverErrors, [], "no 5xx");
    assert.deepEqual(t.unexpected, [], "every status is one the action may answer");
    assert.ok(t.duplicates >= CLIENTS * 3, `every client sent duplicates (${t.duplicates})`);
    const rss = await peakRssMiB(server.pid);
    const metrics = await (await fetch(`${setup.base}/metrics`)).text();
    await verifyAnswers(t, setup.dataDir);
    assert.doesNotMatch(metrics, /unhandled_errors_total\{/, "nothing went unhandled");
    console.log(
      `SOAK-FIGURES ${label} clients=${CLIENTS} seconds=${
        elapsed.toFixed(1)
      } requests=${t.latencies.length} rps=${(t.latencies.length / elapsed).toFixed(0)} p50_ms=${
        percentile(t.latencies, 0.5).toFixed(0)
      } p99_ms=${
        percentile(t.latencies, 0.99).toFixed(0)
      } duplicate_pairs=${t.duplicates} acked=${t.acks.length} peak_rss_mib=${rss}`,
    );
    server.kill("SIGTERM");
    const { status, output } = await server.exited();
    assert.equal(status.code, 0, "a clean shutdown");
    assert.doesNotMatch(output, /unhandled|uncaught/i, "no unhandled error was logged");
  } catch (e) {
    throw await setup.failure(e);
  } finally {
    await setup.close();
    await fake.close();
  }
}

Deno.test("soak: 32 concurrent clients on embedded PGlite", () => soak("pglite", true));

Deno.test({
  name: "soak: 32 concurrent clients on PostgreSQL",
  ignore: !Deno.env.get("TEST_DATABASE_URL"),
  fn: () => soak("postgres", false),
});
