/**
 * `isoTime(d)` equals `d.toISOString()` for the timestamps this service stores, about three
 * times faster: V8's `toISOString` goes through a C++ builtin (≈ 0.5 µs a call here), and a
 * page of history formats two per row (docs/PERFORMANCE.md).
 */

const DAY_MS = 86_400_000;

const pad2 = (n: number) => (n < 10 ? "0" : "") + n;
const pad3 = (n: number) => (n < 10 ? "00" : n < 100 ? "0" : "") + n;

/**
 * Formats a date as `YYYY-MM-DDTHH:mm:ss.sssZ`. Years outside 0000–9999 (which
 * `toISOString` writes with six digits and a sign) fall back to the builtin, as does an
 * invalid date, which throws there as it should.
 */
export function isoTime(d: Date): string {
  const ms = d.getTime();
  // 0000-01-01 and 10000-01-01 in epoch milliseconds.
  if (!(ms >= -62_167_219_200_000 && ms < 253_402_300_800_000)) return d.toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  // Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const yyyy = year < 1000 ? ("000" + year).slice(-4) : String(year);
  return `${yyyy}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${
    pad3(rest - seconds * 1000)
  }Z`;
}

/** {@link isoTime} for nullable columns. */
export function isoTimeOrNull(d: Date | null): string | null {
  return d === null ? null : isoTime(d);
}
