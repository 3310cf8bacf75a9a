/**
 * A line chart drawn on the server as SVG: no script, no chart library. One or more series over
 * shared x labels (a series per rubric dimension fits as well as one overall score); a missing
 * value breaks its line. The numbers are also given as a table for screen readers.
 */

/** One line: a value (or null) per x label. */
export interface ChartSeries {
  name: string;
  values: (number | null)[];
}

const PALETTE = ["#4f46e5", "#059669", "#d97706", "#e11d48", "#0284c7", "#7c3aed"];
const W = 600;
const H = 220;
const PAD = { left: 44, right: 16, top: 14, bottom: 34 };
const MAX_X_LABELS = 6;

function niceRange(values: number[], min?: number, max?: number): [number, number] {
  let lo = min ?? Math.floor(Math.min(...values));
  let hi = max ?? Math.ceil(Math.max(...values));
  if (lo === hi) {
    // A flat series: widen away from a fixed bound (all fillers 0 → 0 to 1, not -1 to 1).
    if (min === undefined) lo -= 1;
    if (max === undefined || lo === hi) hi += 1;
  }
  return [lo, hi];
}

/** A titled line chart, or `empty` when no series has two values to join. */
export function LineChart(p: {
  id: string;
  title: string;
  labels: string[];
  series: ChartSeries[];
  /** Fixed y range, e.g. 1–5 for scores; by default the data's range. */
  min?: number;
  max?: number;
  format?: (v: number) => string;
  empty: string;
}) {
  const format = p.format ?? ((v: number) => String(v));
  const all = p.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const drawable = p.series.some((s) => s.values.filter((v) => v !== null).length >= 2);
  const titleId = `${p.id}-title`;
  return (
    <figure id={p.id} class="min-w-0" aria-labelledby={titleId} data-chart={p.id}>
      <figcaption id={titleId} class="mb-2 text-sm font-semibold text-slate-800">
        {p.title}
      </figcaption>
      {drawable
        ? <Plot {...p} values={all} format={format} />
        : (
          <p class="rounded-lg bg-slate-50 p-3 text-sm text-slate-600" data-empty>
            {p.empty}
          </p>
        )}
      <table class="sr-only">
        <caption>{p.title}</caption>
        <thead>
          <tr>
            <th scope="col"></th>
            {p.series.map((s) => <th key={s.name} scope="col">{s.name}</th>)}
          </tr>
        </thead>
        <tbody>
          {p.labels.map((label, i) => (
            <tr key={i}>
              <th scope="row">{label}</th>
              {p.series.map((s) => (
                <td key={s.name}>{s.values[i] === null ? "–" : format(s.values[i]!)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function Plot(p: {
  title: string;
  labels: string[];
  series: ChartSeries[];
  values: number[];
  min?: number;
  max?: number;
  format: (v: number) => string;
}) {
  const [lo, hi] = niceRange(p.values, p.min, p.max);
  const n = p.labels.length;
  const x = (i: number) => PAD.left + (n > 1 ? i * (W - PAD.left - PAD.right) / (n - 1) : 0);
  const y = (v: number) => PAD.top + (hi - v) * (H - PAD.top - PAD.bottom) / (hi - lo);
  const ticks = [0, 1, 2, 3, 4].map((k) => lo + (hi - lo) * k / 4);
  const every = Math.max(1, Math.ceil(n / MAX_X_LABELS));
  return (
    <div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        class="h-auto w-full"
        role="img"
        aria-label={p.title}
        preserveAspectRatio="xMidYMid meet"
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="#e2e8f0" />
            <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end" font-size="11" fill="#64748b">
              {p.format(Math.round(t * 10) / 10)}
            </text>
          </g>
        ))}
        {p.labels.map((label, i) =>
          i % every === 0 || i === n - 1
            ? (
              <text
                key={i}
                x={x(i)}
                y={H - 12}
                text-anchor={i === 0 ? "start" : i === n - 1 ? "end" : "middle"}
                font-size="11"
                fill="#64748b"
              >
                {label}
              </text>
            )
            : null
        )}
        {p.series.map((s, k) => {
          const color = PALETTE[k % PALETTE.length];
          // A null value breaks the line: each run of values is its own path.
          const d = s.values.map((v, i) =>
            v === null ? "" : `${i > 0 && s.values[i - 1] !== null ? "L" : "M"}${x(i)},${y(v)}`
          ).join(" ");
          return (
            <g key={s.name} data-series={s.name}>
              <path d={d} fill="none" stroke={color} stroke-width="2.5" stroke-linejoin="round" />
              {s.values.map((v, i) =>
                v === null
                  ? null
                  : (
                    <circle key={i} cx={x(i)} cy={y(v)} r="4" fill={color} data-value={v}>
                      <title>{`${p.labels[i]} · ${s.name}: ${p.format(v)}`}</title>
                    </circle>
                  )
              )}
            </g>
          );
        })}
      </svg>
      {p.series.length > 1 && (
        <ul class="mt-1 flex flex-wrap gap-3 text-xs text-slate-600" aria-hidden="true">
          {p.series.map((s, k) => (
            <li key={s.name} class="flex items-center gap-1">
              <svg width="12" height="12" viewBox="0 0 12 12">
                <rect width="12" height="12" rx="2" fill={PALETTE[k % PALETTE.length]} />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
