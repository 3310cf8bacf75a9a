/**
 * The offline question planner for every mode and language. A Korean 직무 interview is the
 * planner in questions.ts; this file adds the 1분 자기소개 request, the 인성 interview (values,
 * teamwork, conflict and failure, asked about the stories the profile and the letter tell),
 * the 압박 interview (pressure.ts presses on the weakest part of the last answer), and the same
 * plans in English. A question already asked is never asked again.
 */
import { type InterviewContext, type QA, turnsFor } from "../types.ts";
import { DEFAULT_SETUP } from "../types.ts";
import { clip, hash, josa, splitSentences } from "../korean.ts";
import { SELF_INTRO_TARGET } from "../rubric.ts";
import { isCommitment, quantities, readSentences, STAR_PARTS, starParts } from "./evidence.ts";
import {
  notAskedYet,
  openRequirements,
  roleName,
  roleTopic,
  techKeywords,
  trimLeadIn,
} from "./context.ts";
import { answerFoci, firstQuestion, nextQuestion } from "./questions.ts";
import { pressureQuestion } from "./pressure.ts";

/** The question for turn `history.length + 1` of the interview `ctx` is set up for. */
export function planQuestion(ctx: InterviewContext, history: QA[]): string {
  const { mode, language } = ctx.setup ?? DEFAULT_SETUP;
  const en = language === "en";
  if (mode === "self_intro") return selfIntroQuestion(ctx, en);
  if (mode === "job" && !en) {
    return history.length ? nextQuestion(ctx, history) : firstQuestion(ctx);
  }
  const turn = history.length + 1;
  if (turn === 1) return mode === "behavioural" ? behaviouralOpening(ctx, en) : jobOpening(ctx, en);
  const isNew = notAskedYet(history);
  const prev = history.at(-1)!;
  if (mode === "pressure" && turn < turnsFor(mode)) {
    const q = pressureQuestion(ctx, prev, history[0].question, en);
    if (isNew(q)) return q;
  }
  const plan = turn >= turnsFor(mode)
    ? closings(ctx, mode === "behavioural", en)
    : mode === "behavioural"
    ? [...storyFollowUp(prev, en), ...letterStories(ctx, en), ...BEHAVIOURAL[en ? "en" : "ko"]]
    : [
      ...jobFollowUps(ctx, prev, en),
      ...claimQuestions(ctx, en),
      ...requirementQuestions(ctx, history, en),
      ...BEHAVIOURAL[en ? "en" : "ko"],
    ];
  return plan.find((c) => isNew(c.topic ?? c.text))?.text ??
    (en
      ? `Question ${turn}: tell me about one more experience you have not mentioned yet that fits this role.`
      : `${turn}번째 질문입니다. 아직 말씀하지 않은 경험 중 이 직무와 가장 관련 있는 것을 하나 소개해 주세요.`);
}

interface Candidate {
  text: string;
  /** What makes it the same question as an earlier one (a quote), else the text itself. */
  topic?: string;
}

function selfIntroQuestion(ctx: InterviewContext, en: boolean): string {
  const role = roleName(ctx);
  const kws = techKeywords(ctx).slice(0, 2);
  const [slo, shi] = SELF_INTRO_TARGET.sec;
  const [clo, chi] = SELF_INTRO_TARGET.chars;
  return en
    ? `Please give a one-minute self-introduction for the ${role ?? "role"}${
      kws.length ? `, with your strongest experience in ${kws.join(" or ")}` : ""
    }: lead with who you are, then one achievement with a number, then why this role. Aim for ${slo}–${shi} seconds.`
    : `1분 자기소개를 부탁드립니다. ${roleTopic(role)}에 맞는 사람이라는 결론을 먼저 말하고, ${
      kws.length ? `${josa(kws.join("·"), "과/와")} 관련해 ` : ""
    }가장 자신 있는 성과 하나를 수치와 함께 담아 ${slo}~${shi}초, ${clo}~${chi}자 분량으로 말씀해 주세요.`;
}

function jobOpening(ctx: InterviewContext, en: boolean): string {
  if (!en) return firstQuestion(ctx);
  const role = roleName(ctx);
  const kws = techKeywords(ctx).slice(0, 2);
  return `Let's begin. Please introduce yourself briefly and tell me why you applied for the ${
    role ?? "role"
  }${kws.length ? `, and how your work with ${kws.join(" and ")} prepares you for it` : ""}.`;
}

/** Behavioural themes a letter or profile sentence can tell, with what to ask about it. */
const THEMES: { re: RegExp; ko: string; en: string }[] = [
  {
    re: /갈등|의견|충돌|설득|반대|conflict|disagree|persuad/i,
    ko: "상대의 입장은 무엇이었고, 본인은 어떻게 말하고 행동해 합의에 이르렀습니까?",
    en: "What did the other side want, and what did you say and do to reach agreement?",
  },
  {
    re: /실패|실수|좌절|어려움|극복|위기|fail|mistake|setback|difficult/i,
    ko: "가장 힘들었던 순간에 본인은 무엇을 했고, 그 뒤로 일하는 방식에서 무엇을 바꿨습니까?",
    en: "What did you do at the hardest moment, and what do you do differently since?",
  },
  {
    re: /팀|협업|동료|함께|리더|이끌|주도|team|colleague|led|lead/i,
    ko: "팀 안에서 본인이 맡은 역할은 무엇이었고, 의견이 엇갈렸을 때 어떻게 움직였습니까?",
    en: "What was your role in the team, and what did you do when opinions split?",
  },
  {
    re: /고객|사용자|봉사|책임|원칙|신뢰|customer|user|responsib|trust/i,
    ko: "그때 무엇을 기준으로 판단했고, 그 판단 때문에 손해를 본 적은 없었습니까?",
    en: "What principle guided your decision then, and did it ever cost you something?",
  },
];

function behaviouralOpening(ctx: InterviewContext, en: boolean): string {
  const career = ctx.profile.career_summary?.trim();
  if (en) {
    return `Let's start with you as a person. Introduce yourself in a few sentences and tell me the one strength colleagues would name first${
      career ? `, with an example from '${clip(career, 40)}'` : ""
    }.`;
  }
  return `인성 면접을 시작하겠습니다. 간단한 자기소개와 함께, 동료들이 본인의 강점으로 가장 먼저 꼽을 점 하나를 실제 일화로 말씀해 주세요.${
    career ? ` 프로필에 적은 '${clip(career, 40)}' 경험에서 골라도 좋습니다.` : ""
  }`;
}

/** Sentences of the letter and the profile that tell a behavioural story, asked about. */
function letterStories(ctx: InterviewContext, en: boolean): Candidate[] {
  const source = [ctx.coverLetter, ctx.profile.career_summary ?? ""].join("\n");
  const out: Candidate[] = [];
  for (const sentence of splitSentences(source)) {
    if (isCommitment(sentence) || /겠습니다|will\b/.test(sentence)) continue;
    const theme = THEMES.find((t) => t.re.test(sentence));
    if (!theme) continue;
    const quote = trimLeadIn(clip(sentence, 50));
    out.push({
      text: en
        ? `You wrote '${quote}'. ${theme.en}`
        : `자기소개서에 '${quote}'라고 쓰셨습니다. ${theme.ko}`,
      topic: quote,
    });
  }
  return out;
}

/** A follow-up on the STAR parts the previous story left out. */
function storyFollowUp(prev: QA, en: boolean): Candidate[] {
  const parts = starParts(readSentences(prev.answer));
  const missing = STAR_PARTS.filter((p) => !parts.includes(p));
  if (!prev.answer.trim() || missing.length < 2) return [];
  const first = splitSentences(prev.answer)[0] ?? "";
  const quote = trimLeadIn(clip(first, 40));
  const ko: Record<string, string> = {
    상황: "그때 상황이 어땠는지",
    과제: "본인이 맡은 몫이 무엇이었는지",
    행동: "본인이 구체적으로 어떻게 행동했는지",
    결과: "그 결과 무엇이 달라졌는지",
  };
  const enAsk: Record<string, string> = {
    상황: "what the situation was",
    과제: "what your part was",
    행동: "what you actually did",
    결과: "what changed as a result",
  };
  const asks = missing.map((p) => (en ? enAsk[p] : ko[p]));
  return [{
    text: en
      ? `You said '${quote}'. Walk me through ${asks.join(", ")}.`
      : `'${quote}'라고 하셨는데, ${asks.join(", ")} 순서대로 말씀해 주세요.`,
    topic: quote,
  }];
}

const BEHAVIOURAL: Record<"ko" | "en", Candidate[]> = {
  ko: [
    "동료나 상사와 의견이 크게 엇갈렸던 경험이 있습니까? 그때 어떻게 합의를 이끌어 냈는지 말씀해 주세요.",
    "가장 크게 실패했던 경험은 무엇이고, 그 뒤로 일하는 방식에서 무엇을 바꾸셨습니까?",
    "맡은 일이 원칙과 충돌했던 적이 있습니까? 무엇을 기준으로 어떻게 판단했는지 말씀해 주세요.",
    "아픈 피드백을 받았던 경험과, 그 뒤에 실제로 바꾼 행동을 말씀해 주세요.",
  ].map((text) => ({ text })),
  en: [
    "Tell me about a time you strongly disagreed with a colleague or manager. How did you reach agreement?",
    "What is the biggest failure you have had, and what do you do differently since?",
    "Tell me about a time a task conflicted with your principles. How did you decide?",
    "Tell me about the hardest feedback you have received and what you changed afterwards.",
  ].map((text) => ({ text })),
};

function jobFollowUps(ctx: InterviewContext, prev: QA, en: boolean): Candidate[] {
  if (!en) return [];
  return answerFoci(prev.answer, ctx).map((f) => ({
    text: f.kind === "number"
      ? `You said '${f.quote}'. How did you measure that, and what other options did you consider?`
      : f.kind === "skill"
      ? `You mentioned ${f.term}. Why did you choose it, and what was the hardest problem you hit with it?`
      : `I'd like to hear more about '${f.quote}'. What exactly did you do, and what came of it?`,
    topic: f.quote,
  }));
}

function claimQuestions(ctx: InterviewContext, en: boolean): Candidate[] {
  if (!en) return [];
  return splitSentences(ctx.coverLetter).filter((s) => quantities(s).length && !isCommitment(s))
    .map((s) => {
      const quote = trimLeadIn(clip(s, 60));
      return {
        text:
          `Your cover letter says '${quote}'. What was your own part, and how did you verify the result?`,
        topic: quote,
      };
    });
}

function requirementQuestions(ctx: InterviewContext, history: QA[], en: boolean): Candidate[] {
  if (!en) return [];
  return openRequirements(ctx, history).map((r) => {
    const quote = clip(r, 60);
    return {
      text:
        `The posting asks for '${quote}'. Tell me about a time you actually did this: what was the problem and how did you solve it?`,
      topic: quote,
    };
  });
}

function closings(ctx: InterviewContext, behavioural: boolean, en: boolean): Candidate[] {
  const role = roleName(ctx);
  const kw = techKeywords(ctx)[hash(ctx.coverLetter) % Math.max(1, techKeywords(ctx).length)];
  if (en) {
    return [{
      text: behavioural
        ? "Last question: five years from now, how do you want colleagues to describe you, and what will you do here to earn that?"
        : `Last question: what do you want to achieve in your first year in the ${role ?? "role"}${
          kw ? `, and how will you grow your ${kw} skills` : ""
        }?`,
    }];
  }
  return [{
    text: behavioural
      ? "마지막 질문입니다. 5년 뒤 동료들에게 어떤 사람으로 기억되고 싶은지, 그러기 위해 이 회사에서 무엇을 하시겠습니까?"
      : `마지막 질문입니다. ${roleTopic(role)}에 입사하면 1년 안에 이루고 싶은 목표와${
        kw ? ` ${josa(kw, "을/를")} 어떻게 키워 갈지` : " 그 계획"
      }를 말씀해 주세요.`,
  }];
}
