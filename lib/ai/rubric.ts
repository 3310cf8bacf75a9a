/**
 * The anchored rubric, in one place for both providers: the named dimensions every answer is
 * scored on, the fixed anchor text of each level (Korean and English), the delivery dimension
 * (measured, never asked of a model), how the per-answer score derives from the dimensions, and
 * the 1분 자기소개 target.
 */
import type {
  DeliveryMetrics,
  InterviewLanguage,
  Rubric,
  RubricDimension,
  RubricScore,
  SelfIntroCheck,
} from "./types.ts";

/** Dimensions a judge (model or heuristic) scores from the answer's content. */
export type ContentDimension = Exclude<RubricDimension, "delivery">;
export const CONTENT_DIMENSIONS: readonly ContentDimension[] = [
  "conclusion_first",
  "specifics",
  "relevance",
  "structure",
];
/** Every dimension, in the order they are shown. */
export const RUBRIC_DIMENSIONS: readonly RubricDimension[] = [...CONTENT_DIMENSIONS, "delivery"];

/** Anchor texts of levels 1..5 (index 0 is level 1) per dimension and language. */
export const ANCHORS: Record<InterviewLanguage, Record<RubricDimension, readonly string[]>> = {
  ko: {
    conclusion_first: [
      "질문에 대한 답(결론)이 없거나 끝까지 드러나지 않는다.",
      "결론이 답변 끝에 가서야 나오거나 배경 설명에 묻혀 있다.",
      "결론이 앞부분에 있지만 첫 문장은 배경이나 인사로 시작한다.",
      "첫 문장에서 결론을 말하고 근거가 뒤따른다.",
      "첫 문장이 질문에 대한 명확한 결론이고, 이어지는 근거가 모두 그 결론을 뒷받침한다.",
    ],
    specifics: [
      "구체적인 사례, 수치, 도구가 전혀 없다.",
      "사례는 있으나 막연하고 수치나 도구가 없다.",
      "구체적인 사례나 도구가 있지만 결과를 보여 주는 수치가 없다.",
      "구체적인 사례와 결과를 보여 주는 수치가 있다.",
      "사례, 사용한 도구, 결과 수치가 모두 구체적이고 확인할 수 있다.",
    ],
    relevance: [
      "질문이나 직무와 관계없는 답변이다.",
      "질문에 일부만 답하거나, 다짐과 태도 위주라 직무 역량이 보이지 않는다.",
      "질문에 답하지만 직무 요건과의 연결이 드러나지 않는다.",
      "질문에 직접 답하고 직무 요건 하나와 연결된다.",
      "질문에 직접 답하고 공고의 핵심 요건 여러 개와 뚜렷하게 연결된다.",
    ],
    structure: [
      "상황·과제·행동·결과(STAR) 중 어느 것도 드러나지 않는다.",
      "STAR 중 한 요소만 있다.",
      "STAR 중 두 요소가 있다.",
      "STAR 중 세 요소가 있다.",
      "상황, 과제, 행동, 결과가 모두 드러난다.",
    ],
    delivery: [
      "말 속도, 군말, 긴 멈춤 중 여러 가지가 크게 어긋나 알아듣기 어렵다.",
      "말 속도, 군말이나 긴 멈춤이 자주 흐름을 끊는다.",
      "전달에 눈에 띄는 문제가 한두 가지 있다(속도, 군말, 긴 멈춤, 말투 섞임).",
      "대체로 듣기 편하고 작은 문제가 하나 있다.",
      "분당 250~350음절, 군말과 긴 멈춤이 거의 없고 말투가 한결같다.",
    ],
  },
  en: {
    conclusion_first: [
      "No answer to the question (no conclusion) appears at all.",
      "The conclusion only comes at the end or is buried in background.",
      "The conclusion is early, but the first sentence is background or a greeting.",
      "The first sentence states the conclusion and the support follows.",
      "The first sentence is a clear answer and everything after it supports it.",
    ],
    specifics: [
      "No concrete example, number or tool at all.",
      "An example, but vague, with no numbers or tools.",
      "A concrete example or tool, but no number showing the result.",
      "A concrete example with a number showing the result.",
      "The example, the tools used and the measured result are all concrete and checkable.",
    ],
    relevance: [
      "The answer has nothing to do with the question or the role.",
      "Answers only part of the question, or is promises and attitude with no skill shown.",
      "Answers the question but shows no link to the role's requirements.",
      "Answers the question directly and links to one requirement of the role.",
      "Answers directly and clearly links to several key requirements of the posting.",
    ],
    structure: [
      "None of situation, task, action, result (STAR) is told.",
      "Only one STAR element is told.",
      "Two STAR elements are told.",
      "Three STAR elements are told.",
      "Situation, task, action and result are all told.",
    ],
    delivery: [
      "Pace, fillers and long pauses are all far off; hard to follow.",
      "Pace, fillers or long pauses often break the flow.",
      "One or two noticeable problems (pace, fillers, long pauses, mixed speech register).",
      "Mostly easy to listen to, with one small problem.",
      "250–350 syllables a minute, almost no fillers or long pauses, one consistent register.",
    ],
  },
};

/**
 * Weights of the per-answer score. Content carries the score, concrete evidence most (an
 * answer without it proves nothing, however well told); delivery, measured only for spoken
 * answers, counts like the conclusion. The score is the weighted mean of the dimensions
 * present (delivery is absent for typed answers), rounded half up.
 */
export const RUBRIC_WEIGHTS: Record<RubricDimension, number> = {
  conclusion_first: 1,
  specifics: 4,
  relevance: 2,
  structure: 2,
  delivery: 1,
};

/** The per-answer 1–5 score derived from its rubric (formula at `RUBRIC_WEIGHTS`). */
export function rubricScore(rubric: Rubric): number {
  let sum = 0, weight = 0;
  for (const d of RUBRIC_DIMENSIONS) {
    const s = rubric[d];
    if (!s) continue;
    sum += RUBRIC_WEIGHTS[d] * s.score;
    weight += RUBRIC_WEIGHTS[d];
  }
  return Math.min(5, Math.max(1, Math.floor(sum / weight + 0.5)));
}

/** An interview's score: the mean of its answers' scores, rounded half up (1 without answers). */
export function overallScore(turns: { score: number }[]): number {
  if (!turns.length) return 1;
  const mean = turns.reduce((a, t) => a + t.score, 0) / turns.length;
  return Math.min(5, Math.max(1, Math.floor(mean + 0.5)));
}

const level = (n: number) => Math.min(5, Math.max(1, Math.round(n)));

/** A dimension's judgement with the anchor text of its level. */
export function anchored(
  dimension: RubricDimension,
  score: number,
  evidence: string,
  language: InterviewLanguage,
): RubricScore {
  const s = level(score);
  return { score: s, anchor: ANCHORS[language][dimension][s - 1], evidence };
}

/** Content judgements (score and quote per dimension) completed with anchors and delivery. */
export function buildRubric(
  content: Record<ContentDimension, { score: number; evidence: string }>,
  metrics: DeliveryMetrics | null | undefined,
  language: InterviewLanguage,
): Rubric {
  const out = Object.fromEntries(
    CONTENT_DIMENSIONS.map((
      d,
    ) => [d, anchored(d, content[d].score, content[d].evidence, language)]),
  ) as Record<ContentDimension, RubricScore>;
  return { ...out, delivery: deliveryScore(metrics, language) };
}

/** Speaking pace that is easy to follow in an interview, in syllables a minute. */
export const COMFORTABLE_SPM: [number, number] = [250, 350];

/**
 * The delivery dimension from the measured metrics: 5, less one or two for pace outside the
 * comfortable range, fillers, long pauses, and one for mixing 해요체 and 하십시오체. Null for a
 * typed answer (no audio).
 */
export function deliveryScore(
  m: DeliveryMetrics | null | undefined,
  language: InterviewLanguage,
): RubricScore | null {
  if (!m || m.duration_sec === null) return null;
  let score = 5;
  const notes: string[] = [];
  const en = language === "en";
  if (m.syllables_per_minute !== null) {
    const spm = Math.round(m.syllables_per_minute);
    const [lo, hi] = COMFORTABLE_SPM;
    if (spm < lo - 50 || spm > hi + 50) score -= 2;
    else if (spm < lo || spm > hi) score -= 1;
    notes.push(en ? `${spm} syllables/min` : `분당 ${spm}음절`);
  }
  if (m.fillers_per_minute !== null) {
    const fpm = m.fillers_per_minute;
    if (fpm > 10) score -= 2;
    else if (fpm > 6) score -= 1;
    notes.push(en ? `${fpm} fillers/min` : `군말 분당 ${fpm}회`);
  }
  if (m.long_pause_count != null) {
    const n = m.long_pause_count;
    if (n >= 3) score -= 2;
    else if (n >= 1) score -= 1;
    notes.push(
      en
        ? `${n} long pause${n === 1 ? "" : "s"} (${m.long_pause_total_sec ?? 0} s)`
        : `긴 멈춤 ${n}회(${m.long_pause_total_sec ?? 0}초)`,
    );
  }
  if (m.register) {
    if (m.register.mixed) score -= 1;
    notes.push(
      en
        ? `-yo endings ${m.register.haeyo}, -nida endings ${m.register.hapsyo}`
        : `해요체 ${m.register.haeyo}문장·하십시오체 ${m.register.hapsyo}문장`,
    );
  }
  return anchored("delivery", score, notes.join(", "), language);
}

/** The 1분 자기소개 target: 57 ± 5 seconds and 350–400 characters (without spaces). */
export const SELF_INTRO_TARGET = {
  sec: [52, 62] as [number, number],
  chars: [350, 400] as [number, number],
};

/** A self-introduction measured against its target. */
export function selfIntroCheck(
  m: DeliveryMetrics | null | undefined,
  answer: string,
): SelfIntroCheck {
  const chars = m?.char_count ?? answer.replace(/\s/g, "").length;
  const sec = m?.duration_sec ?? null;
  const [slo, shi] = SELF_INTRO_TARGET.sec;
  const [clo, chi] = SELF_INTRO_TARGET.chars;
  return {
    duration_sec: sec,
    char_count: chars,
    target_sec: SELF_INTRO_TARGET.sec,
    target_chars: SELF_INTRO_TARGET.chars,
    duration_ok: sec === null ? null : sec >= slo && sec <= shi,
    chars_ok: chars >= clo && chars <= chi,
  };
}

/** What to fix about a self-introduction's length, or null when it is on target. */
export function selfIntroAdvice(c: SelfIntroCheck, language: InterviewLanguage): string | null {
  const en = language === "en";
  const parts: string[] = [];
  const [slo, shi] = c.target_sec;
  const [clo, chi] = c.target_chars;
  if (c.duration_ok === false && c.duration_sec !== null) {
    const s = Math.round(c.duration_sec);
    parts.push(
      en
        ? `It lasted ${s} s; aim for ${slo}–${shi} s`
        : `${s}초 동안 말했습니다. 목표는 ${slo}~${shi}초입니다`,
    );
  }
  if (!c.chars_ok) {
    parts.push(
      en
        ? `it has ${c.char_count} characters; aim for ${clo}–${chi}`
        : `${c.char_count}자입니다. 목표 분량은 ${clo}~${chi}자입니다`,
    );
  }
  if (!parts.length) return null;
  const tail = c.char_count < clo || (c.duration_sec ?? shi) < slo
    ? (en ? "Add one concrete achievement with a number." : "수치가 있는 성과 하나를 더 넣으세요.")
    : (en ? "Cut background and keep one story." : "배경 설명을 줄이고 사례 하나에 집중하세요.");
  const said = parts.join(en ? "; " : ", ");
  return `${said[0].toUpperCase()}${said.slice(1)}. ${tail}`;
}
