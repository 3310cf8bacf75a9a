/**
 * The offline engine's scores on the rubric's content dimensions (anchors in ../rubric.ts),
 * read off what the assessment saw: the STAR parts told, the numbers that measure an outcome,
 * the named tools, the question's terms and the posting's keywords the answer evidences, and
 * whether the first sentence already answers. Each score quotes the sentence it rests on.
 * English interviews get their feedback written from the rubric (`englishNotes`).
 */
import { clip } from "../korean.ts";
import { mentions } from "../skills.ts";
import { type ContentDimension, RUBRIC_DIMENSIONS } from "../rubric.ts";
import type { Rubric, RubricDimension } from "../types.ts";
import type { SentenceReading } from "./evidence.ts";
import type { Assessment } from "./assess.ts";

type Judged = Record<ContentDimension, { score: number; evidence: string }>;

const quote = (r: SentenceReading | undefined) => (r ? clip(r.text, 80) : "");

/** A greeting or a bare "yes" tells nothing yet. */
const GREETING_RE =
  /^(?:안녕하(?:십니까|세요)|네[,.]?$|예[,.]?$|hello|hi\b|good (?:morning|afternoon))/i;

/** The content dimensions of an assessed answer. */
export function contentRubric(a: Assessment, hasPosting: boolean): Judged {
  const s = a.signals;
  const r = s.readings;
  const offTopic = s.topical.length > 0 && !s.shared.length && !s.used.length;
  const promises = r.filter((x) => x.commitment).length;
  const vague = r.filter((x) => x.vague).length;
  const onTopic = (x: SentenceReading) =>
    s.shared.some((t) => mentions(x.text, t)) || s.used.some((k) => mentions(x.text, k));

  // Structure: one level per STAR part told; a story with no number and no named tool is a
  // claim of one, so its parts count half.
  const concreteStory = s.outcomeNumbers + s.otherNumbers > 0 || s.skills.length > 0;
  const storyOf = r.find((x) => x.parts.has("결과")) ?? r.find((x) => x.parts.has("행동")) ??
    r.find((x) => x.parts.size > 0);
  const structure = {
    score: 1 + (concreteStory ? a.parts.length : Math.ceil(a.parts.length / 2)),
    evidence: quote(storyOf ?? r[0]),
  };

  // Specifics: a measured outcome, with the tools or further numbers around it.
  let spec = s.outcomeNumbers > 0
    ? (s.skills.length > 0 || s.outcomeNumbers + s.otherNumbers >= 2 ? 5 : 4)
    : s.skills.length > 0 || s.otherNumbers > 0
    ? 3
    : a.parts.length > 0
    ? 2
    : 1;
  if (promises || vague * 2 >= r.length) spec -= 1;
  const concrete = r.find((x) => !x.commitment && x.numbers > 0) ??
    r.find((x) => !x.commitment && s.skills.some((k) => mentions(x.text, k)));
  const specifics = {
    score: spec,
    evidence: s.resultQuote ?? quote(concrete ?? r[0]),
  };

  // Relevance: answers this question, and shows the posting's requirements.
  // Without a posting there is no requirement to link to: answering the question is the most.
  let rel = offTopic
    ? 1
    : s.used.length >= 2
    ? 5
    : s.used.length === 1 || (!hasPosting && s.shared.length)
    ? 4
    : 3;
  if (!offTopic && promises * 2 >= r.length) rel = 2;
  const relevance = { score: rel, evidence: quote(r.find(onTopic) ?? r[0]) };

  // Conclusion first: the first sentence that answers, and how early it comes.
  const answers = (x: SentenceReading) =>
    !x.commitment && !x.vague && !GREETING_RE.test(x.text.trim()) &&
    (x.parts.has("행동") || x.parts.has("결과") || x.parts.has("과제") || onTopic(x) ||
      /^(?:저는|I am|I'm)\s/.test(x.text));
  const at = r.findIndex(answers);
  // Support is concrete: a later sentence with a number or a named tool.
  const supported = r.slice(at + 1).some((x) =>
    !x.commitment && (x.numbers > 0 || s.skills.some((k) => mentions(x.text, k)))
  );
  const conclusion = {
    score: at < 0 ? 1 : at === 0 ? (supported && !offTopic ? 5 : 4) : at * 2 < r.length ? 3 : 2,
    evidence: quote(at < 0 ? r[0] : r[at]),
  };
  return { conclusion_first: conclusion, specifics, relevance, structure };
}

const DIMENSION_EN: Record<RubricDimension, string> = {
  conclusion_first: "Conclusion first",
  specifics: "Specifics and numbers",
  relevance: "Relevance to the role",
  structure: "Structure (STAR)",
  delivery: "Delivery",
};

const TIPS_EN: Record<RubricDimension, string> = {
  conclusion_first: "Open with your answer in one sentence, then give the support.",
  specifics: "Name the tools you used and give a number that shows the result.",
  relevance: "Answer the question asked, and tie it to a requirement of the posting.",
  structure: "Tell one real story: situation, your task, what you did, the result.",
  delivery: "Keep a steady pace, pause instead of filler words, and avoid long silences.",
};

const VERDICTS_EN = [
  "",
  "This answer needs to be prepared again.",
  "This answer lacks evidence.",
  "A fair answer with room to improve.",
  "A good answer.",
  "An excellent answer.",
];

/** English feedback written from the rubric: each strong and weak dimension with its anchor. */
export function englishNotes(
  rubric: Rubric,
  score: number,
): { feedback: string; strengths: string[]; improvements: string[] } {
  const dims = RUBRIC_DIMENSIONS.filter((d) => rubric[d]);
  const strengths = dims.filter((d) => rubric[d]!.score >= 4)
    .map((d) => `${DIMENSION_EN[d]}: ${rubric[d]!.anchor}`);
  const improvements = dims.filter((d) => rubric[d]!.score <= 3)
    .sort((a, b) => rubric[a]!.score - rubric[b]!.score)
    .map((d) => `${DIMENSION_EN[d]} (${rubric[d]!.score}/5): ${TIPS_EN[d]}`);
  const feedback = [
    VERDICTS_EN[score],
    strengths[0] ?? "",
    improvements[0] ? `To improve: ${improvements[0]}` : "",
  ].filter(Boolean).join(" ");
  return { feedback, strengths, improvements };
}
