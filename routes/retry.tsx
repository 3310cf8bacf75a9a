/**
 * `/interviews/:id/turns/:n/retry`: one question of a finished interview answered again. The
 * recorder island runs in `retry` mode on that question alone and posts the new attempt to the
 * turn's attempts API; the interview's own answers stay as they were.
 */
import { notFound } from "../lib/errors.ts";
import { islandMessages } from "../lib/i18n/mod.ts";
import { getResult } from "../lib/interview/mod.ts";
import type { RecorderProps } from "../islands/Recorder.tsx";
import { ISLAND_PROPS_ID } from "../islands/ids.ts";
import { type Handlers, userOf } from "./_app.tsx";
import { InterviewPage, sessionId, turnNumber } from "./interview.tsx";

export const handler: Handlers = {
  async GET(ctx) {
    const id = sessionId(ctx.params.id);
    const n = turnNumber(ctx.params.n);
    const result = await getResult(ctx.deps, userOf(ctx), id, { waitMs: 0 });
    // Only a finished interview is retried; before that its room is the place to answer.
    if (result.status !== "completed") return ctx.redirect(`/interviews/${id}/result`);
    const turn = result.turns.find((t) => t.turn_number === n);
    if (!turn) throw notFound("turn");
    const resultUrl = `/interviews/${id}/result#turn-${n}`;
    const props: RecorderProps = {
      sessionId: id,
      turn: n,
      total: 1,
      question: turn.question_text,
      audioUrl: turn.question_audio_url,
      serverStt: ctx.deps.ai.capabilities.stt,
      speechLang: result.language === "en" ? "en-US" : "ko-KR",
      retryPending: false,
      postUrl: `/api/interviews/${id}/turns/${n}/attempts`,
      mode: "retry",
      prepSeconds: result.prep_seconds,
      csrf: ctx.csrf,
      resultUrl,
      loginUrl: "/login",
      // The room speaks the interview's language, whatever the site's.
      t: islandMessages(result.language),
    };
    const back = { href: resultUrl, label: ctx.t.retry_back };
    return ctx.render(
      ctx.t.retry_title,
      <InterviewPage t={ctx.t} title={ctx.t.retry_title} props={props} leave={back} />,
      { island: { id: ISLAND_PROPS_ID, props } },
    );
  },
};
