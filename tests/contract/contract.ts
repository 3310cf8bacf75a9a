/**
 * Checks real responses against the app's own OpenAPI document with a JSON-Schema 2020-12
 * validator (ajv): each response must have a status the document declares for its operation,
 * a media type it declares, a body valid against that schema and the headers it promises.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { App } from "../../routes/app.ts";

/** The parts of an OpenAPI 3.1 document this checker reads. */
export interface Doc {
  paths: Record<string, Record<string, DocOperation>>;
  components: { schemas: Record<string, unknown> };
}

interface DocResponse {
  content?: Record<string, { schema: unknown }>;
  headers?: Record<string, unknown>;
}

interface DocOperation {
  operationId?: string;
  responses: Record<string, DocResponse>;
}

/** One request, named by its templated path as the document spells it. */
export interface Call {
  method: string;
  /** Templated path without the `/api` prefix, e.g. `/job-postings/{id}`. */
  path: string;
  params?: Record<string, string | number>;
  query?: string;
  token?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/** What a call answered, the body read once. */
export interface Answer {
  status: number;
  headers: Headers;
  // deno-lint-ignore no-explicit-any
  json: any;
  bytes: Uint8Array;
}

const escape = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");

/** Validates every response of an app against the document it serves. */
export class ContractChecker {
  readonly doc: Doc;
  readonly mismatches: string[] = [];
  /** `METHOD path` → statuses seen. */
  readonly seen = new Map<string, Set<number>>();
  responses = 0;
  #ajv: Ajv2020;
  #validators = new Map<string, ValidateFunction>();

  private constructor(doc: Doc) {
    this.doc = doc;
    // Not strict: the document is added whole (paths, info …) so `$ref`s resolve in it.
    this.#ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(this.#ajv);
    this.#ajv.addFormat("binary", true);
    this.#ajv.addSchema(doc as object, "openapi.json");
  }

  /** Loads the document from `GET /api/openapi.json` of `app`. */
  static async load(app: App): Promise<ContractChecker> {
    const res = await app.request("/api/openapi.json");
    if (res.status !== 200) throw new Error(`openapi.json answered ${res.status}`);
    return new ContractChecker(await res.json());
  }

  /** Every operation of the document as `METHOD path`. */
  operations(): string[] {
    return Object.entries(this.doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)
    );
  }

  #validator(pointer: string): ValidateFunction {
    let v = this.#validators.get(pointer);
    if (!v) {
      v = this.#ajv.compile({ $ref: `openapi.json#${pointer}` });
      this.#validators.set(pointer, v);
    }
    return v;
  }

  /** Sends `call` to `app`, checks the answer against the document and returns it. */
  async send(app: App, call: Call): Promise<Answer> {
    let url = `/api${call.path}`;
    for (const [k, v] of Object.entries(call.params ?? {})) {
      url = url.replace(`{${k}}`, encodeURIComponent(String(v)));
    }
    if (call.query) url += `?${call.query}`;
    const headers: Record<string, string> = { ...call.headers };
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    let body = call.body;
    if (call.json !== undefined) {
      headers["content-type"] ??= "application/json";
      body = JSON.stringify(call.json);
    }
    const res = await app.request(url, { method: call.method, headers, body });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const type = res.headers.get("content-type") ?? "";
    let json = undefined;
    if (type.startsWith("application/json")) json = JSON.parse(new TextDecoder().decode(bytes));
    const answer = { status: res.status, headers: res.headers, json, bytes };
    this.check(call, answer);
    return answer;
  }

  /** Records a mismatch between `answer` and the document for `call`'s operation. */
  check(call: Call, answer: Answer): void {
    const key = `${call.method} ${call.path}`;
    const where = `${key} → ${answer.status}`;
    this.responses++;
    const statuses = this.seen.get(key) ?? new Set();
    statuses.add(answer.status);
    this.seen.set(key, statuses);
    const ops = this.doc.paths[call.path];
    if (!ops) return void this.mismatches.push(`${where}: path not in the document`);
    if (answer.status === 405) return this.#checkMethodNotAllowed(where, ops, answer);
    const op = ops[call.method.toLowerCase()];
    if (!op) return void this.mismatches.push(`${where}: operation not in the document`);
    const declared = op.responses[String(answer.status)];
    if (!declared) {
      return void this.mismatches.push(`${where}: status not documented: ${text(answer)}`);
    }
    this.#checkBody(
      where,
      `/paths/${escape(call.path)}/${call.method.toLowerCase()}/responses/${answer.status}`,
      declared,
      answer,
    );
    for (const name of Object.keys(declared.headers ?? {})) {
      // Documented headers are optional except the challenge every 401 must carry (RFC 9110).
      if (answer.status === 401 && !answer.headers.get(name)) {
        this.mismatches.push(`${where}: no ${name} header`);
      }
    }
  }

  #checkBody(where: string, pointer: string, declared: DocResponse, answer: Answer) {
    const type = (answer.headers.get("content-type") ?? "").split(";")[0].trim();
    const media = Object.keys(declared.content ?? {});
    if (media.length === 0) {
      if (answer.bytes.length) this.mismatches.push(`${where}: body where none is documented`);
      return;
    }
    const match = media.find((m) =>
      m === type || (m.endsWith("/*") && type.startsWith(m.slice(0, -1)))
    );
    if (!match) {
      return void this.mismatches.push(`${where}: media type ${type} not in ${media.join(", ")}`);
    }
    if (match !== "application/json") return;
    const validate = this.#validator(`${pointer}/content/${escape(match)}/schema`);
    if (!validate(answer.json)) {
      this.mismatches.push(
        `${where}: ${this.#ajv.errorsText(validate.errors)} in ${text(answer)}`,
      );
    }
  }

  /** A 405 answers a method the path lacks, with `Allow` naming exactly the documented ones. */
  #checkMethodNotAllowed(where: string, ops: Record<string, DocOperation>, answer: Answer) {
    const methods = Object.keys(ops).map((m) => m.toUpperCase());
    if (methods.includes("GET")) methods.push("HEAD");
    const allow = (answer.headers.get("allow") ?? "").split(/,\s*/).sort().join(", ");
    if (allow !== methods.sort().join(", ")) {
      this.mismatches.push(`${where}: Allow "${allow}", document has ${methods.join(", ")}`);
    }
    const validate = this.#validator("/components/schemas/ApiError");
    if (!validate(answer.json)) this.mismatches.push(`${where}: ${text(answer)}`);
  }
}

function text(answer: Answer): string {
  return new TextDecoder().decode(answer.bytes.slice(0, 300));
}
