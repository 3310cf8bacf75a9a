/**
 * Plans the interview's questions from templates filled with the posting, the cover letter and
 * the answers so far: a self-introduction, a follow-up on the last answer, a claim from the
 * letter, a requirement the answers have not shown, and a closing question. Quotes are whole
 * clauses of what the candidate said or wrote, a follow-up asks only for the parts of the story
 * the answer left out, and a topic already asked is never asked again.
 */
import { type InterviewContext, type QA, TURNS_PER_INTERVIEW } from "../types.ts";
import {
  charCountNoSpace,
  clip,
  contentTokens,
  hash,
  josa,
  quoteAround,
  splitSentences,
} from "../korean.ts";
import { findSkillHits, lookupSkill } from "../skills.ts";
import {
  evidences,
  isCommitment,
  quantities,
  readSentences,
  STAR_PARTS,
  type StarPart,
  starParts,
} from "./evidence.ts";
import {
  notAskedYet,
  openRequirements,
  roleName,
  roleTopic,
  techKeywords,
  trimLeadIn,
} from "./context.ts";

/**
 * A candidate question and the phrases that name its topic: once an earlier question contains
 * one of them, the topic counts as asked ("40%" is asked once, whether it came from an answer
 * or from the cover letter).
 */
interface Candidate {
  text: string;
  topics: string[];
}

/** The first question: a self-introduction tied to the posting. */
export function firstQuestion(ctx: InterviewContext): string {
  const role = roleName(ctx);
  const kws = techKeywords(ctx).slice(0, 2);
  const kwPhrase = kws.length ? josa(kws.join("·"), "과/와") : "";
  if (hash(`${role}\n${ctx.coverLetter}`) % 2 === 0) {
    return `먼저 자기소개를 부탁드립니다. ${roleTopic(role)}에 지원하신 이유와, ${
      kwPhrase ? `${kwPhrase} 관련된` : "지금까지의"
    } 경험이 이 직무와 어떻게 이어지는지를 중심으로 1분 안에 말씀해 주세요.`;
  }
  return `${
    role ? `${role} ` : ""
  }면접을 시작하겠습니다. 간단한 자기소개와 함께, 지금까지의 경험 중 ${
    kwPhrase ? `${kwPhrase} 가장 관련이 깊은` : "이 직무와 가장 관련이 깊은"
  } 경험 하나를 골라 왜 이 포지션에 맞는 사람인지 말씀해 주세요.`;
}

/** A point in an answer worth following up: a number, a technology or a salient word. */
interface Focus {
  kind: "number" | "skill" | "term";
  term: string;
  quote: string;
}

/** Start and end of the sentences of `text` that promise to learn: nothing to follow up there. */
function promiseSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let from = 0;
  for (const sentence of splitSentences(text)) {
    const at = text.indexOf(sentence, from);
    from = at + sentence.length;
    if (isCommitment(sentence)) spans.push([at, from]);
  }
  return spans;
}

export function answerFoci(answer: string, ctx: InterviewContext): Focus[] {
  const out: Focus[] = [];
  const promises = promiseSpans(answer);
  const promised = (i: number) => promises.some(([a, b]) => i >= a && i < b);
  // Numbers in the sentence that reports the outcome are the better follow-up.
  const outcomes = readSentences(answer).map((r) => r.outcomeClause).filter((c) => c !== null);
  const inOutcome = (i: number) =>
    outcomes.some((o) => {
      const at = answer.indexOf(o);
      return i >= at && i < at + o.length;
    });
  const numbers = quantities(answer).sort((a, b) =>
    Number(inOutcome(b.index!)) - Number(inOutcome(a.index!)) || a.index! - b.index!
  );
  for (const m of numbers) {
    if (promised(m.index!)) continue;
    out.push({
      kind: "number",
      term: m[0],
      quote: trimLeadIn(quoteAround(answer, m.index!, m[0].length, 36)),
    });
  }
  const keywords = new Set(techKeywords(ctx));
  const hits = findSkillHits(answer).filter((h) =>
    h.skill.category !== "soft" && h.skill.category !== "certification" && !promised(h.index)
  );
  // Technologies the posting asks for are the better follow-up.
  hits.sort((a, b) =>
    Number(keywords.has(b.skill.name)) - Number(keywords.has(a.skill.name)) || a.index - b.index
  );
  const seenSkills = new Set<string>();
  for (const h of hits) {
    if (seenSkills.has(h.skill.name)) continue;
    seenSkills.add(h.skill.name);
    out.push({
      kind: "skill",
      term: h.skill.name,
      quote: trimLeadIn(quoteAround(answer, h.index, h.text.length, 30)),
    });
  }
  const counts = new Map<string, { count: number; index: number; raw: string }>();
  for (const t of contentTokens(answer)) {
    if (t.latin || lookupSkill(t.term) || promised(t.index)) continue;
    const c = counts.get(t.term);
    if (c) c.count++;
    else counts.set(t.term, { count: 1, index: t.index, raw: t.raw });
  }
  const salient = [...counts].sort((a, b) =>
    b[1].count - a[1].count || [...b[0]].length - [...a[0]].length || a[1].index - b[1].index
  ).slice(0, 3);
  for (const [term, c] of salient) {
    out.push({
      kind: "term",
      term,
      quote: trimLeadIn(quoteAround(answer, c.index, c.raw.length, 30)),
    });
  }
  return out;
}

const isShort = (answer: string) => charCountNoSpace(answer) < 40;

function followUps(ctx: InterviewContext, prev: QA): Candidate[] {
  const answer = prev.answer.trim();
  if (!answer) {
    return [
      "앞선 질문에 대한 답변을 듣지 못했습니다. 같은 주제에서, 가장 자신 있게 말할 수 있는 경험 하나를 상황, 본인의 행동, 결과 순서로 말씀해 주세요.",
      "최근 1~2년 사이에 가장 자신 있게 말할 수 있는 성과 하나를, 가능하다면 수치와 함께 말씀해 주세요.",
    ].map((text) => ({ text, topics: [text] }));
  }
  const parts = starParts(readSentences(answer));
  if (isShort(answer)) {
    const quote = clip(splitSentences(answer)[0], 30);
    const ask = parts.length ? `${missingAsk(parts)} 함께` : "상황, 본인의 행동, 결과 순서로";
    return [{
      text:
        `답변이 조금 짧았습니다. '${quote}'라고 하셨는데, 실제로 겪은 사례 하나를 들어 ${ask} 다시 말씀해 주시겠어요?`,
      topics: [`'${quote}'`],
    }];
  }
  const missing = missingAsk(parts);
  return answerFoci(answer, ctx).map((f): Candidate => {
    switch (f.kind) {
      case "number":
        return {
          text: `방금 '${f.quote}'라고 하셨습니다. ${
            missingAsk(parts, "그 수치는 어떻게 측정했는지") ||
            "그 수치는 어떻게 측정했는지, 그리고 그 과정에서 검토했던 다른 방법은 무엇이었는지"
          } 구체적으로 말씀해 주세요.`,
          topics: [f.quote, f.term],
        };
      case "skill":
        return {
          text: `'${f.quote}'라고 말씀하셨는데요, ${
            josa(f.term, "을/를")
          } 선택한 이유는 무엇이었고, 적용하면서 부딪힌 가장 어려운 문제와 해결 과정을 설명해 주시겠어요?`,
          topics: [`${josa(f.term, "을/를")} 선택한 이유`],
        };
      default:
        return {
          text: `'${f.quote}'라는 부분을 조금 더 듣고 싶습니다. ${
            missing
              ? `${missing} 말씀해 주세요.`
              : "다시 같은 일을 맡는다면 무엇을 다르게 하시겠어요?"
          }`,
          topics: [`'${f.quote}'`],
        };
    }
  });
}

const ASKS: Record<StarPart, string> = {
  상황: "당시 어떤 상황이었는지",
  과제: "본인이 맡은 역할이 무엇이었는지",
  행동: "본인이 직접 한 일이 무엇이었는지",
  결과: "그 결과가 어땠는지",
};

/** The request for the STAR parts `present` leaves out, after `first`; "" when nothing to ask. */
function missingAsk(present: StarPart[], first?: string): string {
  const asks = [
    ...(first ? [first] : []),
    ...STAR_PARTS.filter((p) => !present.includes(p)).map((p) => ASKS[p]),
  ];
  if (first && asks.length === 1) return "";
  return asks.length > 1 ? `${asks.slice(0, -1).join(", ")}, 그리고 ${asks.at(-1)}` : asks[0] ?? "";
}

const CLAIM_RE =
  /주도|개선|달성|성공|최초|1위|기여|해결|절감|향상|단축|증가|감소|수상|이끌|리드|구축/;

/** A claim from the cover letter and the STAR parts its paragraph already tells. */
export interface Claim {
  quote: string;
  quantity?: string;
  parts: StarPart[];
}

/** Quotes of cover-letter sentences with numbers or strong claims, strongest first. */
export function letterClaims(letter: string): Claim[] {
  const scored: (Claim & { score: number; order: number })[] = [];
  let from = 0;
  for (const sentence of splitSentences(letter)) {
    const at = letter.indexOf(sentence, from);
    from = at + sentence.length;
    const q = quantities(sentence)[0];
    // "기여하겠습니다" is a plan, not a claim to probe.
    const claim = CLAIM_RE.test(sentence) && !/겠습니다|겠다/.test(sentence);
    if ((!q && !claim) || isCommitment(sentence)) continue;
    const paragraph = letter.slice(letter.lastIndexOf("\n", at) + 1).split(/\n/)[0];
    const quote = trimLeadIn(
      q ? quoteAround(letter, at + q.index!, q[0].length, 50) : clip(sentence, 50),
    );
    scored.push({
      quote,
      quantity: q?.[0],
      parts: starParts(readSentences(paragraph)),
      score: (q ? 2 : 0) + (claim ? 1 : 0),
      order: scored.length,
    });
  }
  return scored.sort((a, b) => b.score - a.score || a.order - b.order);
}

function claimQuestions(ctx: InterviewContext): Candidate[] {
  return letterClaims(ctx.coverLetter).map(({ quote, quantity, parts }) => {
    const missing = missingAsk(parts);
    return {
      text: `자기소개서에 '${quote}'라고 쓰셨습니다. ${
        missing ? `${missing}, 그리고 ` : ""
      }그 성과를 무엇으로 확인했는지 말씀해 주세요.`,
      topics: quantity ? [quote, quantity] : [quote],
    };
  });
}

function requirementQuestions(ctx: InterviewContext, history: QA[]): Candidate[] {
  const answers = history.map((h) => h.answer).join("\n");
  const out: Candidate[] = [];
  for (const r of openRequirements(ctx, history)) {
    const quote = clip(r, 50);
    out.push({
      text:
        `공고에 '${quote}' 항목이 있습니다. 이와 관련해 실제로 해 본 일을 말씀해 주세요. 어떤 문제를 어떻게 해결했는지가 궁금합니다.`,
      topics: [quote],
    });
  }
  for (const k of techKeywords(ctx)) {
    if (evidences(answers, k)) continue;
    const source = ctx.posting
      ? `공고에 ${josa(k, "이/가")} 핵심 역량으로 나와 있습니다.`
      : `자기소개서에서 ${josa(k, "을/를")} 언급하셨습니다.`;
    out.push({
      text: `${source} ${
        josa(k, "을/를")
      } 실무나 프로젝트에서 어떻게 활용했는지 구체적인 사례로 설명해 주세요.`,
      topics: [`${josa(k, "을/를")} 실무나 프로젝트에서`],
    });
  }
  return out;
}

const GENERAL_QUESTIONS: Candidate[] = [
  "팀 안에서 의견이 크게 엇갈렸던 경험이 있나요? 그때 어떻게 합의를 이끌어 냈는지 말씀해 주세요.",
  "가장 크게 실패했던 경험은 무엇이고, 그 뒤로 일하는 방식에서 무엇을 바꾸셨나요?",
  "짧은 기간에 새로운 기술이나 업무를 익혀야 했던 경험을 말씀해 주세요. 어떻게 공부하고 적용했나요?",
  "여러 일이 한꺼번에 몰렸을 때 우선순위를 어떻게 정하시나요? 실제 사례로 말씀해 주세요.",
].map((text) => ({ text, topics: [text] }));

function closingQuestions(ctx: InterviewContext, history: QA[]): Candidate[] {
  const answers = history.map((h) => h.answer).join("\n");
  const keywords = techKeywords(ctx);
  const kw = keywords.find((k) => !evidences(answers, k)) ?? keywords[0];
  const role = roleName(ctx);
  return [
    {
      text: `마지막 질문입니다. ${
        roleTopic(role)
      }에 지원한 동기와 함께, 입사 후 1년 안에 이루고 싶은 목표를 구체적으로 말씀해 주세요.${
        kw ? ` 특히 ${kw} 역량은 어떻게 키워 갈 계획인지도 듣고 싶습니다.` : ""
      }`,
      topics: ["입사 후 1년 안에"],
    },
    {
      text:
        "마지막 질문입니다. 오늘 답변에서 충분히 보여 드리지 못한 본인의 강점이 있다면 말씀해 주시고, 입사 후 포부로 마무리해 주세요.",
      topics: ["충분히 보여 드리지 못한 본인의 강점"],
    },
  ];
}

const SHORT_BRIDGE = "방금 답변은 조금 짧았습니다. 이번 질문에는 실제 사례를 들어 답해 주세요. ";

function bridge(ctx: InterviewContext, prev: QA | undefined): string {
  const answer = prev?.answer.trim() ?? "";
  if (!answer) return "";
  if (isShort(answer)) return SHORT_BRIDGE;
  const focus = answerFoci(answer, ctx)[0];
  return focus ? `'${focus.quote}' 부분 잘 들었습니다. ` : "답변 잘 들었습니다. ";
}

/**
 * The question for turn `history.length + 1`. Turn 2 follows up on the first answer; turn 3
 * probes a claim from the cover letter; turn 4 covers a requirement the answers have not
 * touched; the last turn asks for motivation and plans. Later turns open by quoting the previous
 * answer. A topic already asked is never asked again.
 */
export function nextQuestion(ctx: InterviewContext, history: QA[]): string {
  const turn = history.length + 1;
  if (turn === 1) return firstQuestion(ctx);
  const isNew = notAskedYet(history);
  const fresh = (c: Candidate) => c.topics.every(isNew);
  const prev = history.at(-1);
  const follow = prev ? followUps(ctx, prev) : [];
  const claims = claimQuestions(ctx);
  const reqs = requirementQuestions(ctx, history);
  const general = rotate(GENERAL_QUESTIONS, hash(ctx.coverLetter));
  const plan = turn >= TURNS_PER_INTERVIEW
    ? [...closingQuestions(ctx, history), ...general]
    : turn === 2
    ? [...follow, ...claims, ...reqs, ...general]
    : turn === 3
    ? [...claims, ...reqs, ...follow, ...general]
    : [...reqs, ...claims, ...follow, ...general];
  const chosen = plan.find(fresh);
  const body = chosen?.text ??
    `${turn}번째 질문입니다. 아직 말씀하지 않은 경험 중 이 직무와 가장 관련 있는 것을 하나 소개해 주세요.`;
  // The turn-2 follow-up already quotes the answer; other turns open with a short bridge.
  return chosen && follow.includes(chosen) ? body : bridge(ctx, prev) + body;
}

function rotate<T>(xs: T[], by: number): T[] {
  const k = by % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}
