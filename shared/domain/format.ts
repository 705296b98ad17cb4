// Dates, times, numbers and sizes as a Vietnamese reader sees them: the one place people-facing text
// gets them. Intl does the digits (exact on BigInt and on decimal strings); code remains only where
// Intl cannot do the job: a BigInt ratio as an exact decimal, and a zone offset cache fast enough for
// snapshots with many rows.

/** U+2212, the minus the documents have always shown; vi-VN in Intl writes a hyphen. */
const MINUS = '−';
const withMinus = (text: string): string => text.replace('-', MINUS);

/** A formatter built at its first use, then kept: building Intl formatters at import costs every cold start. */
function lazy(build: () => Intl.NumberFormat): () => Intl.NumberFormat {
  let format: Intl.NumberFormat | undefined;
  return () => (format ??= build());
}

const INTEGER = lazy(() => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0, signDisplay: 'negative' }));
const PERCENT = lazy(() => new Intl.NumberFormat('vi-VN', {
  minimumFractionDigits: 1, maximumFractionDigits: 1, roundingMode: 'halfExpand', signDisplay: 'exceptZero',
}));
// Sizes round up, so a file just over a limit never reads as the limit itself.
const MEGABYTES = lazy(() => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1, roundingMode: 'ceil' }));
const decimalFormats = new Map<string, Intl.NumberFormat>();

/** A report date (ISO YYYY-MM-DD) as dd/mm/yyyy. */
export function formatDateVi(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(isoDate)}`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** An integer with dots between thousands (1.234.567, −1.000); exact for BigInt of any size. */
export function formatInteger(n: number | bigint): string {
  if (typeof n === 'number' && !Number.isInteger(n)) throw new RangeError(`Not an integer: ${n}`);
  return withMinus(INTEGER().format(n));
}

/**
 * A number with a decimal comma and at most `maxFractionDigits` decimals (1.234,5), rounded half away from zero;
 * with `fixed`, always that many decimals (−4,0), so figures people compare down a column line up.
 */
export function formatDecimal(n: number, maxFractionDigits = 2, { fixed = false }: { fixed?: boolean } = {}): string {
  if (!Number.isFinite(n)) throw new RangeError(`Not a finite number: ${n}`);
  const key = `${maxFractionDigits}${fixed ? ':fixed' : ''}`;
  let format = decimalFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('vi-VN', {
      minimumFractionDigits: fixed ? maxFractionDigits : 0, maximumFractionDigits: maxFractionDigits, roundingMode: 'halfExpand', signDisplay: 'negative',
    });
    decimalFormats.set(key, format);
  }
  return withMinus(format.format(n));
}

const KIB = 1024;
const MIB = 1024 * 1024;

/** A file size: whole KB under a megabyte, else MB with one decimal at most ("812 KB", "5,1 MB"); rounded up. */
export function formatBytes(bytes: number): string {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`Not a byte count: ${bytes}`);
  return bytes >= MIB ? `${MEGABYTES().format(bytes / MIB)} MB` : `${Math.ceil(bytes / KIB)} KB`;
}

/**
 * change / base as a percentage, truncated toward zero to `digits` decimals, as a decimal string
 * ("-12.345"). Rounding this to fewer decimals gives the same result as rounding the exact ratio,
 * because truncation never crosses a rounding boundary.
 */
function truncatedPercent(change: bigint, base: bigint, digits: number): `${number}` {
  const scaled = (change * 100n * 10n ** BigInt(digits)) / base;
  const negative = scaled < 0n;
  const figures = (negative ? -scaled : scaled).toString().padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${figures.slice(0, -digits)}.${figures.slice(-digits)}` as `${number}`;
}

/** A change against its base as a signed percentage with one decimal (+33,3%, −12,5%), exact on BigInt; "—" when the base is zero. */
export function formatPercentChange(change: bigint, base: bigint): string {
  if (base === 0n) return '—';
  // Intl rounds the decimal string exactly, half away from zero.
  return `${withMinus(PERCENT().format(truncatedPercent(change, base, 2)))}%`;
}

/**
 * The same percentage as a number for spreadsheets (12.345 for 12,345%), null when the base is zero.
 * Truncated to three decimals, so a cell shown with one decimal agrees with formatPercentChange.
 */
export function percentChange(change: bigint, base: bigint): number | null {
  if (base === 0n) return null;
  return Number(truncatedPercent(change, base, 3));
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;
const offsetCache = new Map<string, Map<number, number>>();
const zoneClocks = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset (ms) at an instant; cached per 15-minute slice, as offsets only change on those. */
function zoneOffset(ms: number, timeZone: string): number {
  const slice = Math.floor(ms / FIFTEEN_MINUTES);
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, zone = new Map<number, number>());
  let offset = zone.get(slice);
  if (offset === undefined) {
    let clock = zoneClocks.get(timeZone);
    if (!clock) {
      clock = new Intl.DateTimeFormat('en-GB', {
        timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
      });
      zoneClocks.set(timeZone, clock);
    }
    const at = slice * FIFTEEN_MINUTES;
    const p: Record<string, string> = {};
    for (const part of clock.formatToParts(new Date(at))) p[part.type] = part.value;
    offset = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - at;
    if (zone.size > 10_000) zone.clear();
    zone.set(slice, offset);
  }
  return offset;
}

const pad = (n: number): string => n.toString().padStart(2, '0');

/** Wall-clock time and date of an instant in a zone: ["HH:mm", "dd/mm/yyyy"]. */
function localClock(instant: Date | string, timeZone: string): [string, string] {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${JSON.stringify(String(instant))}`);
  const local = new Date(ms + zoneOffset(ms, timeZone));
  return [
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
    `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`,
  ];
}

/** An instant in a time zone for a table cell: "HH:mm dd/mm/yyyy". */
export function formatInstant(instant: Date | string, timeZone: string): string {
  const [time, date] = localClock(instant, timeZone);
  return `${time} ${date}`;
}

/** An instant in a time zone for a sentence ("nhận lúc HH:mm ngày dd/mm/yyyy"): "HH:mm ngày dd/mm/yyyy". */
export function formatInstantInSentence(instant: Date | string, timeZone: string): string {
  const [time, date] = localClock(instant, timeZone);
  return `${time} ngày ${date}`;
}

/** A span of time for a sentence ("còn 2 giờ 15 phút"): days, hours and whole minutes, "dưới 1 phút" below one. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Not a duration: ${ms}`);
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 0) return 'dưới 1 phút';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [days && `${days} ngày`, hours && `${hours} giờ`, minutes % 60 && `${minutes % 60} phút`].filter(Boolean);
  // Past a day, the minutes no longer help.
  return (days ? parts.slice(0, 2) : parts).join(' ');
}
