/**
 * How a failed OpenAI SDK call (after the SDK's own retries) reaches users: as an `AppError`
 * whose code names the capability and whose message is safe to show.
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  OpenAIError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "openai";
import { AppError } from "../../errors.ts";

export type Operation = "chat" | "speech" | "transcription";

export const badResponse = () =>
  new AppError("upstream", "ai_bad_response", "The AI service returned an unusable response");

const SERVICE: Record<Operation, { prefix: string; name: string }> = {
  chat: { prefix: "ai", name: "The AI service" },
  speech: { prefix: "ai_tts", name: "The speech synthesis service" },
  transcription: { prefix: "ai_stt", name: "The speech recognition service" },
};

/**
 * Maps an SDK failure (after its retries) to an `AppError` whose code names the capability
 * (`ai_stt_unavailable`, `ai_tts_model_not_found`; chat keeps the plain `ai_*` codes).
 * Upstream messages are not copied: they can echo parts of the request or of the key.
 */
export function toAppError(e: unknown, op: Operation): unknown {
  if (e instanceof AppError) return e;
  const { prefix, name } = SERVICE[op];
  const code = (reason: string) => `${prefix}_${reason}`;
  if (e instanceof APIConnectionTimeoutError) {
    return new AppError("unavailable", code("timeout"), `${name} did not respond in time`);
  }
  if (e instanceof APIConnectionError) {
    return new AppError("unavailable", code("unavailable"), `${name} cannot be reached`);
  }
  if (e instanceof RateLimitError) {
    return e.code === "insufficient_quota"
      ? new AppError("unavailable", code("quota_exceeded"), `${name} quota is used up`)
      : new AppError(
        "unavailable",
        code("rate_limited"),
        `${name} is busy; try again in a moment`,
      );
  }
  if (e instanceof AuthenticationError || e instanceof PermissionDeniedError) {
    return new AppError("upstream", code("auth_failed"), `${name} rejected our credentials`);
  }
  if (e instanceof NotFoundError && e.code === "model_not_found") {
    // A configuration problem (a retired or misspelt model): the operator has to act.
    return new AppError(
      "upstream",
      code("model_not_found"),
      `${name} does not offer the configured model`,
      { upstream_status: 404 },
    );
  }
  if (
    op === "transcription" &&
    (e instanceof BadRequestError || e instanceof UnprocessableEntityError)
  ) {
    return new AppError(
      "invalid",
      "audio_unreadable",
      "The recording could not be transcribed; record again in a supported format",
    );
  }
  if (e instanceof APIError) {
    const status = typeof e.status === "number" ? e.status : 0;
    if (status >= 500) {
      return new AppError("unavailable", code("unavailable"), `${name} is unavailable`, {
        upstream_status: status,
      });
    }
    return new AppError("upstream", code("rejected"), `${name} rejected the request`, {
      upstream_status: status,
    });
  }
  if (e instanceof OpenAIError || e instanceof SyntaxError) return badResponse();
  return e;
}
