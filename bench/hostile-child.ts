// One verdict in a fresh process, so peak RSS belongs to this file alone.
// Usage (from bench/hostile.ts): node --import tsx bench/hostile-child.ts <bytes-file> <upload-name>
// Prints one JSON line: { verdict, ms, peakRssMb, baselineRssMb }.
import { readFileSync } from 'node:fs';
import { defaultCampaign } from '../shared/config/campaign.ts';
import { readReport } from '../shared/domain/form/read-report.ts';

// The whole reader (container gate, then the spreadsheet library and the form), as the parser runs it.
const campaign = defaultCampaign();
const verdictFor = (bytes: Uint8Array, name: string) => readReport(bytes, name, campaign);

/** Short label for whatever the gate returns: a container verdict, a read result or a verdict. */
function summarise(result: unknown): string {
  if (result && typeof result === 'object') {
    const r = result as Record<string, unknown>;
    if (r.ok === true) return `ok:${String(r.format)}`;
    if (r.ok === false && r.error && typeof r.error === 'object') return String((r.error as { code?: unknown }).code);
    if (Array.isArray(r.errors)) {
      const codes = (r.errors as { code?: unknown }[]).map((e) => String(e.code));
      return codes.length > 0 ? codes.join(',') : `ok${typeof r.status === 'string' ? `:${r.status}` : ''}`;
    }
  }
  return JSON.stringify(result)?.slice(0, 60) ?? 'undefined';
}

const [path, name] = process.argv.slice(2);
if (!path || !name) {
  console.error('usage: hostile-child.ts <bytes-file> <upload-name>');
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(path));
const baselineRssMb = process.resourceUsage().maxRSS / 1024;
const started = performance.now();
let verdict: string;
try {
  verdict = summarise(await verdictFor(bytes, name));
} catch (err) {
  verdict = `THREW: ${err instanceof Error ? err.message : String(err)}`.slice(0, 80);
}
const ms = performance.now() - started;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ verdict, ms, peakRssMb, baselineRssMb })}\n`);
