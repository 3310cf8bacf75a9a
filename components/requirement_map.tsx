import { fmt, type Messages } from "../lib/i18n/mod.ts";
import { Card } from "./ui.tsx";

/** An answer quote with the turn it comes from. */
interface Quote {
  turn_number: number;
  quote: string;
}

/** The requirement map as the result API returns it (`RequirementMap`). */
export interface RequirementMapView {
  requirements: { requirement: string; kind: "required" | "preferred"; evidence: Quote[] }[];
  claims: { claim: string; status: "contradicted" | "unsupported"; answer: Quote | null }[];
  coverage: number | null;
}

function TurnLink(p: { t: Messages; n: number }) {
  return (
    <a href={`#turn-${p.n}`} class="font-medium text-indigo-700 underline">
      {fmt(p.t.rm_turn, { n: p.n })}
    </a>
  );
}

function Requirements(
  p: { t: Messages; title: string; items: RequirementMapView["requirements"] },
) {
  if (!p.items.length) return null;
  return (
    <div>
      <h3 class="text-sm font-semibold text-slate-700">{p.title}</h3>
      <ul class="mt-2 space-y-3">
        {p.items.map((r) => {
          const shown = r.evidence.length > 0;
          return (
            <li
              key={r.requirement}
              class="rounded-lg border border-slate-200 p-3"
              data-requirement={r.kind}
              data-evidenced={String(shown)}
            >
              <p class="flex gap-2 font-medium text-slate-900">
                <span aria-hidden="true" class={shown ? "text-emerald-600" : "text-slate-400"}>
                  {shown ? "✓" : "○"}
                </span>
                <span>{r.requirement}</span>
              </p>
              {shown
                ? (
                  <ul class="mt-2 space-y-1 pl-6 text-sm text-slate-700">
                    {r.evidence.map((e) => (
                      <li key={`${e.turn_number}:${e.quote}`}>
                        <TurnLink t={p.t} n={e.turn_number} />: “{e.quote}”
                      </li>
                    ))}
                  </ul>
                )
                : <p class="mt-1 pl-6 text-sm text-amber-700">{p.t.rm_no_evidence}</p>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Which requirements the answers evidenced, and which cover-letter claims they did not. */
export function RequirementMap(p: { t: Messages; map: RequirementMapView }) {
  const { t, map } = p;
  const evidenced = map.requirements.filter((r) => r.evidence.length).length;
  const coverage = map.coverage === null
    ? null
    : (
      <p class="rounded-full bg-emerald-50 px-3 py-1 text-sm font-semibold text-emerald-800">
        {fmt(t.rm_coverage, {
          n: evidenced,
          total: map.requirements.length,
          pct: Math.round(map.coverage * 100),
        })}
      </p>
    );
  return (
    <Card id="requirement-map" title={t.rm_title} action={coverage}>
      <div class="space-y-5">
        <p class="text-sm text-slate-600">{t.rm_lead}</p>
        {map.requirements.length === 0 && (
          <p class="text-sm text-slate-600">{t.rm_no_requirements}</p>
        )}
        <Requirements
          t={t}
          title={t.rm_required}
          items={map.requirements.filter((r) => r.kind === "required")}
        />
        <Requirements
          t={t}
          title={t.rm_preferred}
          items={map.requirements.filter((r) => r.kind === "preferred")}
        />
        <div id="claims">
          <h3 class="text-sm font-semibold text-slate-700">{t.rm_claims}</h3>
          {map.claims.length === 0
            ? <p class="mt-1 text-sm text-slate-600">{t.rm_claims_none}</p>
            : (
              <ul class="mt-2 space-y-3">
                {map.claims.map((c) => (
                  <li
                    key={c.claim}
                    class="space-y-1 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm"
                    data-claim={c.status}
                  >
                    <p class="font-semibold text-amber-900">
                      {c.status === "contradicted" ? t.rm_contradicted : t.rm_unsupported}
                    </p>
                    <p class="text-slate-800">
                      <span class="font-medium">{t.rm_letter_says}</span>: “{c.claim}”
                    </p>
                    {c.answer && (
                      <p class="text-slate-800">
                        <span class="font-medium">{t.rm_answer_says}</span>{" "}
                        (<TurnLink t={t} n={c.answer.turn_number} />): “{c.answer.quote}”
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            )}
        </div>
      </div>
    </Card>
  );
}
