/**
 * A dictionary of technologies, tools, methods, job domains, soft skills and certifications
 * that appear in Korean job postings, with English and Korean aliases, plus a matcher that is
 * case-insensitive and word-boundary aware ("Java" does not match "JavaScript", "자바" does not
 * match "자바스크립트", but "Python을" and "자바를" match).
 */
import { isHangul, isNounTail, normalizeKey } from "./korean.ts";

export type SkillCategory =
  | "language"
  | "framework"
  | "database"
  | "cloud"
  | "tool"
  | "method"
  | "domain"
  | "soft"
  | "certification";

/** One dictionary entry; `name` is what the product shows. */
export interface Skill {
  name: string;
  category: SkillCategory;
  /** Matched case-insensitively; the name itself is always an alias. */
  aliases: readonly string[];
  /** Matched case-sensitively, for short names that are also common words ("Go"). */
  exact?: readonly string[];
}

// The name is an alias too, unless it is listed as case-sensitive ("Go" must not match "go").
const s = (
  category: SkillCategory,
  name: string,
  aliases: string[] = [],
  exact?: string[],
): Skill => ({
  name,
  category,
  aliases: exact?.includes(name) ? aliases : [name, ...aliases],
  exact,
});

/** The dictionary. Order does not matter; longer matches win over contained shorter ones. */
export const SKILLS: readonly Skill[] = [
  // Languages
  s("language", "Python", ["파이썬"]),
  s("language", "Java", ["자바"]),
  s("language", "JavaScript", ["자바스크립트", "JS", "ECMAScript", "ES6"]),
  s("language", "TypeScript", ["타입스크립트", "TS"]),
  s("language", "Kotlin", ["코틀린"]),
  s("language", "Swift", ["스위프트"]),
  s("language", "Go", ["Golang", "고랭", "Go언어", "Go 언어"], ["Go"]),
  s("language", "Rust", ["러스트"]),
  s("language", "C++", ["cpp", "씨플플"]),
  s("language", "C#", ["씨샵", "C샵"]),
  s("language", "C", ["C언어", "C 언어"], ["C"]),
  s("language", "PHP"),
  s("language", "Ruby", ["루비"]),
  s("language", "Scala", ["스칼라"]),
  s("language", "R", ["R언어", "R 언어"], ["R"]),
  s("language", "SQL", ["에스큐엘"]),
  s("language", "Dart", ["다트"]),
  s("language", "Objective-C"),
  s("language", "HTML", ["HTML5"]),
  s("language", "CSS", ["CSS3", "SCSS", "Sass"]),
  s("language", "Shell", ["Bash", "셸 스크립트", "쉘 스크립트"]),
  s("language", "MATLAB", ["매트랩"]),
  // Frameworks and libraries
  s("framework", "Spring", ["스프링"]),
  s("framework", "Spring Boot", ["SpringBoot", "스프링부트", "스프링 부트"]),
  s("framework", "Django", ["장고"]),
  s("framework", "Flask", ["플라스크"]),
  s("framework", "FastAPI", ["Fast API"]),
  s("framework", "Node.js", ["NodeJS", "Node", "노드", "노드js"]),
  s("framework", "Express", ["Express.js", "ExpressJS"], ["Express"]),
  s("framework", "NestJS", ["Nest.js"]),
  s("framework", "React", ["React.js", "ReactJS", "리액트"]),
  s("framework", "React Native", ["리액트 네이티브", "리액트네이티브"]),
  s("framework", "Vue.js", ["Vue", "VueJS"]),
  s("framework", "Angular", ["앵귤러"]),
  s("framework", "Next.js", ["NextJS"]),
  s("framework", "Svelte"),
  s("framework", "jQuery", ["제이쿼리"]),
  s("framework", "Redux"),
  s("framework", "Tailwind CSS", ["Tailwind", "TailwindCSS"]),
  s("framework", "Flutter", ["플러터"]),
  s("framework", "Android", ["안드로이드"]),
  s("framework", "iOS"),
  s("framework", "SwiftUI"),
  s("framework", ".NET", ["ASP.NET", "닷넷"]),
  s("framework", "Laravel", ["라라벨"]),
  s("framework", "Ruby on Rails", ["Rails", "레일즈"]),
  s("framework", "JPA", ["Hibernate", "하이버네이트"]),
  s("framework", "MyBatis", ["마이바티스", "iBatis"]),
  s("framework", "Pandas", ["판다스"]),
  s("framework", "NumPy", ["넘파이"]),
  s("framework", "scikit-learn", ["sklearn", "사이킷런"]),
  s("framework", "TensorFlow", ["텐서플로", "텐서플로우", "Keras"]),
  s("framework", "PyTorch", ["파이토치"]),
  s("framework", "Spark", ["Apache Spark", "PySpark", "스파크"]),
  s("framework", "Hadoop", ["하둡"]),
  s("framework", "Kafka", ["Apache Kafka", "카프카"]),
  s("framework", "Airflow", ["Apache Airflow", "에어플로우"]),
  s("framework", "GraphQL"),
  s("framework", "REST API", ["RESTful", "RESTful API", "레스트 API"], ["REST"]),
  s("framework", "gRPC"),
  s("framework", "Unity", ["유니티"]),
  s("framework", "Unreal Engine", ["Unreal", "언리얼"]),
  s("framework", "LangChain", ["랭체인"]),
  // Databases
  s("database", "MySQL", ["마이에스큐엘"]),
  s("database", "PostgreSQL", ["Postgres", "포스트그레스", "포스트그레SQL"]),
  s("database", "Oracle", ["Oracle DB", "오라클"]),
  s("database", "MariaDB", ["마리아DB"]),
  s("database", "MongoDB", ["Mongo", "몽고DB", "몽고디비"]),
  s("database", "Redis", ["레디스"]),
  s("database", "Elasticsearch", ["Elastic Search", "ELK", "엘라스틱서치"]),
  s("database", "DynamoDB"),
  s("database", "SQLite"),
  s("database", "MSSQL", ["SQL Server", "MS SQL"]),
  s("database", "BigQuery", ["빅쿼리"]),
  s("database", "Snowflake"),
  s("database", "Cassandra"),
  s("database", "ClickHouse"),
  // Cloud and operations
  s("cloud", "AWS", ["Amazon Web Services", "아마존 웹 서비스"]),
  s("cloud", "GCP", ["Google Cloud", "Google Cloud Platform", "구글 클라우드"]),
  s("cloud", "Azure", ["애저", "애져"]),
  s("cloud", "Docker", ["도커"]),
  s("cloud", "Kubernetes", ["k8s", "쿠버네티스"]),
  s("cloud", "Terraform", ["테라폼"]),
  s("cloud", "Jenkins", ["젠킨스"]),
  s("cloud", "GitHub Actions"),
  s("cloud", "CI/CD", ["CI CD", "CICD"]),
  s("cloud", "Linux", ["리눅스", "Ubuntu", "CentOS"]),
  s("cloud", "Nginx", ["엔진엑스"]),
  s("cloud", "Ansible"),
  s("cloud", "Prometheus", ["프로메테우스"]),
  s("cloud", "Grafana", ["그라파나"]),
  s("cloud", "MSA", ["마이크로서비스", "Microservices", "Microservice"]),
  s("cloud", "Serverless", ["서버리스"]),
  s("cloud", "클라우드", ["Cloud"]),
  // Tools
  s("tool", "Git", ["깃"]),
  s("tool", "GitHub", ["깃허브"]),
  s("tool", "GitLab", ["깃랩"]),
  s("tool", "Jira", ["지라"]),
  s("tool", "Confluence", ["컨플루언스"]),
  s("tool", "Slack", ["슬랙"]),
  s("tool", "Figma", ["피그마"]),
  s("tool", "Notion", ["노션"]),
  s("tool", "Excel", ["엑셀", "MS Excel"]),
  s("tool", "PowerPoint", ["파워포인트", "PPT"]),
  s("tool", "Tableau", ["태블로"]),
  s("tool", "Power BI", ["PowerBI", "파워BI"]),
  s("tool", "SAP"),
  s("tool", "ERP"),
  s("tool", "Photoshop", ["포토샵"]),
  s("tool", "Illustrator", ["일러스트레이터"]),
  s("tool", "Google Analytics", ["GA4", "구글 애널리틱스"]),
  s("tool", "Salesforce", ["세일즈포스"]),
  s("tool", "Postman", ["포스트맨"]),
  // Methods and disciplines
  s("method", "Agile", ["애자일"]),
  s("method", "Scrum", ["스크럼"]),
  s("method", "TDD", ["테스트 주도 개발", "Test Driven Development"]),
  s("method", "DDD", ["도메인 주도 설계", "Domain Driven Design"]),
  s("method", "객체지향", ["OOP", "객체 지향"]),
  s("method", "코드 리뷰", ["Code Review", "코드리뷰"]),
  s("method", "테스트 자동화", ["Test Automation"]),
  s("method", "A/B 테스트", ["A/B Test", "A/B Testing", "AB 테스트", "AB테스트"]),
  s("method", "머신러닝", ["Machine Learning", "기계학습", "ML"]),
  s("method", "딥러닝", ["Deep Learning", "DL"]),
  s("method", "자연어 처리", ["자연어처리", "NLP"]),
  s("method", "컴퓨터 비전", ["Computer Vision", "컴퓨터비전"]),
  s("method", "LLM", ["대규모 언어 모델", "생성형 AI", "Generative AI"]),
  s("method", "AI", ["인공지능"]),
  s("method", "데이터 파이프라인", ["Data Pipeline", "데이터파이프라인"]),
  s("method", "ETL"),
  s("method", "데이터 모델링", ["Data Modeling", "데이터모델링"]),
  s("method", "데이터 시각화", ["Data Visualization", "데이터시각화"]),
  s("method", "통계", ["Statistics", "통계학"]),
  s("method", "보안", ["Security", "정보보안", "정보 보안"]),
  s("method", "대용량 트래픽", ["대규모 트래픽", "High Traffic"]),
  s("method", "성능 최적화", ["Performance Optimization", "성능최적화", "성능 개선"]),
  s("method", "분산 시스템", ["Distributed Systems", "분산시스템"]),
  s("method", "시스템 설계", ["System Design", "시스템설계", "아키텍처 설계"]),
  s("method", "UX", ["사용자 경험", "User Experience"]),
  s("method", "UI", ["User Interface"]),
  s("method", "SEO", ["검색엔진 최적화", "검색 엔진 최적화"]),
  s("method", "CRM"),
  // Job domains (Korean first)
  s("domain", "백엔드", ["Backend", "Back-end", "Back End", "서버 개발", "서버개발"]),
  s("domain", "프론트엔드", ["Frontend", "Front-end", "Front End", "프런트엔드"]),
  s("domain", "풀스택", ["Full-stack", "Fullstack", "Full Stack"]),
  s("domain", "모바일 앱", ["Mobile App", "모바일앱", "앱 개발"]),
  s("domain", "데브옵스", ["DevOps"]),
  s("domain", "데이터 분석", ["Data Analysis", "Data Analytics", "데이터분석"]),
  s("domain", "데이터 엔지니어링", ["Data Engineering", "데이터엔지니어링"]),
  s("domain", "데이터 사이언스", ["Data Science", "데이터사이언스"]),
  s("domain", "마케팅", ["Marketing"]),
  s("domain", "퍼포먼스 마케팅", ["Performance Marketing", "퍼포먼스마케팅"]),
  s("domain", "콘텐츠 마케팅", ["Content Marketing", "콘텐츠마케팅"]),
  s("domain", "브랜딩", ["Branding", "브랜드 마케팅"]),
  s("domain", "광고", ["Advertising", "광고 운영"]),
  s("domain", "영업", ["Sales", "세일즈"]),
  s("domain", "B2B"),
  s("domain", "B2C"),
  s("domain", "회계", ["Accounting", "재무회계", "관리회계"]),
  s("domain", "재무", ["Finance", "자금"]),
  s("domain", "세무", ["Tax", "세금"]),
  s("domain", "인사", ["HR", "HRM", "인사관리", "인사 관리"]),
  s("domain", "총무", ["General Affairs"]),
  s("domain", "서비스 기획", ["서비스기획", "Product Planning"]),
  s("domain", "PM", ["Product Manager", "프로덕트 매니저", "PO", "Product Owner"]),
  s("domain", "프로젝트 관리", ["Project Management", "프로젝트관리"]),
  s("domain", "UI/UX 디자인", ["UX 디자인", "UI 디자인", "UI/UX"]),
  s("domain", "고객 관리", ["고객관리", "Customer Success", "고객 응대"]),
  s("domain", "품질 관리", ["품질관리", "QA", "QC", "Quality Assurance"]),
  s("domain", "생산 관리", ["생산관리"]),
  s("domain", "구매", ["Procurement", "구매 관리"]),
  s("domain", "물류", ["Logistics", "SCM", "공급망"]),
  s("domain", "연구개발", ["R&D", "연구 개발"]),
  s("domain", "법무", ["Legal", "컴플라이언스", "Compliance"]),
  s("domain", "컨설팅", ["Consulting"]),
  s("domain", "이커머스", ["e-commerce", "E커머스", "전자상거래"]),
  s("domain", "핀테크", ["Fintech"]),
  s("domain", "게임", ["Game"]),
  // Soft skills and languages
  s("soft", "커뮤니케이션", ["Communication", "의사소통"]),
  s("soft", "협업", ["Collaboration", "팀워크", "Teamwork"]),
  s("soft", "리더십", ["Leadership", "리더쉽"]),
  s("soft", "문제 해결", ["Problem Solving", "문제해결"]),
  s("soft", "주도성", ["주도적", "Ownership", "오너십"]),
  s("soft", "영어", ["English", "영어 회화", "비즈니스 영어"]),
  s("soft", "일본어", ["Japanese"]),
  s("soft", "중국어", ["Chinese"]),
  // Certifications
  s("certification", "정보처리기사", ["정처기"]),
  s("certification", "SQLD"),
  s("certification", "ADsP"),
  s("certification", "컴퓨터활용능력", ["컴활"]),
  s("certification", "TOEIC", ["토익"]),
  s("certification", "OPIc", ["오픽"]),
  s("certification", "재경관리사"),
  s("certification", "공인회계사", ["CPA", "AICPA"]),
  s("certification", "전산회계"),
  s("certification", "PMP"),
];

/** One occurrence of a dictionary entry in a text. */
export interface SkillHit {
  skill: Skill;
  /** Position and exact matched text in the source. */
  index: number;
  text: string;
}

interface CompiledAlias {
  skill: Skill;
  re: RegExp;
  startsHangul: boolean;
  endsHangul: boolean;
}

const WORD_CHAR = /[A-Za-z0-9+#]/;

// Nouns written without a space after a Korean alias in compounds ("백엔드개발자", "보안업무").
const COMPOUND_HEADS = [
  "개발자",
  "개발",
  "엔지니어",
  "경험",
  "경력",
  "업무",
  "직무",
  "분야",
  "관련",
  "기반",
  "담당",
  "역량",
  "능력",
  "활용",
  "운영",
  "설계",
  "직군",
  "포지션",
  "전문가",
  "자격증",
  "프로젝트",
  "팀",
];

// "분석했고", "배포되어": a Korean noun turned into a verb is still a mention of the noun.
const LIGHT_VERB = /^(?:하|했|해|되|된|됐|됩|합|함|할|한|시켜|시킨)/;

const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function compile(skill: Skill, alias: string, caseSensitive: boolean): CompiledAlias {
  // Spaces and hyphens inside an alias are optional ("Spring Boot", "SpringBoot", "Spring-Boot").
  const body = alias.split(/[\s-]+/).map(escape).join("[\\s-]*");
  const chars = [...alias];
  return {
    skill,
    re: new RegExp(body, caseSensitive ? "g" : "gi"),
    startsHangul: isHangul(chars[0]),
    endsHangul: isHangul(chars.at(-1)!),
  };
}

const COMPILED: CompiledAlias[] = SKILLS.flatMap((skill) => [
  ...[...new Set(skill.aliases)].map((a) => compile(skill, a, false)),
  ...(skill.exact ?? []).map((a) => compile(skill, a, true)),
]);

function boundaryOk(text: string, start: number, end: number, alias: CompiledAlias): boolean {
  const before = text[start - 1] ?? "";
  const matched = text.slice(start, end);
  if (
    alias.startsHangul ? isHangul(before) : WORD_CHAR.test(matched[0]) && WORD_CHAR.test(before)
  ) {
    return false;
  }
  if (alias.endsHangul) {
    // A Korean alias may be followed by a particle in the same word ("자바를"), not by more
    // syllables ("자바스크립트").
    let runEnd = end;
    while (runEnd < text.length && isHangul(text[runEnd])) runEnd++;
    const rest = text.slice(end, runEnd);
    return isNounTail(rest) || LIGHT_VERB.test(rest) ||
      COMPOUND_HEADS.some((h) => rest.startsWith(h) && isNounTail(rest.slice(h.length)));
  }
  const after = text[end] ?? "";
  // "C++" and "C#" end in symbols: only a following letter or digit extends them.
  return WORD_CHAR.test(matched.at(-1)!) ? !WORD_CHAR.test(after) : !/[A-Za-z0-9]/.test(after);
}

/**
 * Every dictionary occurrence in `text`, in order of position. When matches overlap, the longer
 * one wins ("Spring Boot" hides its "Spring", "React Native" its "React").
 */
export function findSkillHits(text: string): SkillHit[] {
  const all: { skill: Skill; start: number; end: number }[] = [];
  for (const alias of COMPILED) {
    alias.re.lastIndex = 0;
    for (const m of text.matchAll(alias.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (m[0].length && boundaryOk(text, start, end, alias)) {
        all.push({ skill: alias.skill, start, end });
      }
    }
  }
  all.sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const taken: { start: number; end: number }[] = [];
  const kept: SkillHit[] = [];
  for (const h of all) {
    if (taken.some((t) => h.start < t.end && t.start < h.end)) continue;
    taken.push(h);
    kept.push({ skill: h.skill, index: h.start, text: text.slice(h.start, h.end) });
  }
  return kept.sort((a, b) => a.index - b.index);
}

/** Names of the dictionary entries found in `text`, deduplicated, in order of first mention. */
export function findSkills(text: string): string[] {
  return [...new Set(findSkillHits(text).map((h) => h.skill.name))];
}

// Symbols stay in the key: "C", "C++" and "C#" are different languages.
const lookupKey = (term: string) => term.toLowerCase().replace(/[\s-]+/g, "");
const BY_KEY = new Map<string, Skill>();
for (const skill of SKILLS) {
  for (const a of [skill.name, ...skill.aliases, ...(skill.exact ?? [])]) {
    const key = lookupKey(a);
    if (!BY_KEY.has(key)) BY_KEY.set(key, skill);
  }
}

/** The dictionary entry a name or alias refers to, if any ("파이썬" → Python). */
export function lookupSkill(term: string): Skill | undefined {
  return BY_KEY.get(lookupKey(term));
}

// A cache of compiled ad-hoc terms: answers and questions are matched against the same few.
const TERMS = new Map<string, CompiledAlias>();

/** Whether `term` occurs in `text` as a word of its own (a particle may follow). */
function occurs(text: string, term: string): boolean {
  let alias = TERMS.get(term);
  if (!alias) {
    alias = compile({ name: term, category: "domain", aliases: [term] }, term, false);
    if (TERMS.size > 500) TERMS.clear();
    TERMS.set(term, alias);
  }
  alias.re.lastIndex = 0;
  for (const m of text.matchAll(alias.re)) {
    if (m[0].length && boundaryOk(text, m.index, m.index + m[0].length, alias)) return true;
  }
  return false;
}

/**
 * Whether `text` mentions `term` as a word of its own: through any alias when the term is in the
 * dictionary, otherwise ignoring case and inner spacing, or — for a multi-word term — when every
 * word of it occurs ("데이터를 분석" mentions "데이터 분석"). A term inside a longer word or
 * name is no mention: "페이핀테크" does not mention 핀테크.
 */
export function mentions(text: string, term: string): boolean {
  const skill = lookupSkill(term);
  if (skill) return findSkillHits(text).some((h) => h.skill === skill);
  const t = term.trim();
  if (!normalizeKey(t)) return false;
  if (occurs(text, t)) return true;
  const parts = t.split(/\s+/).filter((p) => [...normalizeKey(p)].length >= 2);
  return parts.length > 1 && parts.every((p) => occurs(text, p));
}
