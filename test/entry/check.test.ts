// The entry form's check: numbers typed the Vietnamese way, findings tied to their field, and the
// same verdict the pipeline gives the form the entry writes (the page and the parser never disagree).
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { checkEntry, MAX_FIELD_LENGTH, type EntryContext } from '../../shared/domain/entry/check.ts';
import { entryFields } from '../../shared/domain/entry/fields.ts';
import { readReport } from '../../shared/domain/form/read-report.ts';
import { officialFormXlsx } from '../../shared/domain/form/official-form-xlsx.ts';
import { formatInteger } from '../../shared/domain/format.ts';
import type { Finding } from '../../shared/domain/report.ts';
import { applyRules } from '../../shared/domain/rules.ts';
import { formTexts } from '../../shared/domain/snapshot/text.ts';
import { seededRandom } from '../../shared/fixtures/report-files.ts';
import { ENTRY_CHECK_JS } from '../../lambdas/portal/generated/entry-check.ts';
import { bundleEntryCheck, ENTRY_CHECK_SOURCE } from '../../scripts/build-entry-check.ts';

const campaign = defaultCampaign();
const date = campaign.reportDates[4]!;
const previousDate = campaign.reportDates[3]!;
const VALUES = [4162, 108_554_706_639, 1563, 74_315_130_485, 1604, 636, 356, 4256, 110_542_040_948, 949, 52_057_702_779];
const ctx: EntryContext = { reportDate: date, baselineLabel: campaign.config.baselineLabel, minAmountPerLateUnit: campaign.config.minAmountPerLateUnit };
const typed = (values: readonly number[]): string[] => values.map((v) => formatInteger(v));
const codes = (findings: readonly Finding[]): string[] => findings.map((f) => f.code);

describe('the 11 fields', () => {
  it('are the form\'s columns, with their names and units', () => {
    const fields = entryFields(formTexts(campaign.config));
    expect(fields.map((f) => f.name)).toEqual(Array.from({ length: 11 }, (_, i) => `cot${i + 1}`));
    expect(fields.filter((f) => f.unit === 'đồng').map((f) => f.col)).toEqual([2, 4, 9, 11]);
    expect(fields[0]!.label).toBe(formTexts(campaign.config).columnLabels[0]);
    expect(fields.map((f) => f.kind).join(' ')).toBe('baseline baseline baseline baseline cumulative cumulative cumulative current current current current');
  });
});

describe('numbers as a clerk types them', () => {
  it('takes "1.234.567", "1,234,567", spaces and plain digits', () => {
    const raw = typed(VALUES);
    raw[1] = ' 108 554 706 639 ';
    raw[3] = '74,315,130,485';
    raw[8] = '110542040948';
    const check = checkEntry(raw, ctx);
    expect(check.errors).toEqual([]);
    expect(check.values).toEqual(VALUES);
  });

  it('ties each unreadable field\'s error to that field, and still checks the others', () => {
    const raw = typed(VALUES);
    raw[0] = '';
    raw[1] = '12,5';
    raw[4] = '-3';
    raw[5] = 'mười';
    raw[2] = '5000'; // above column 1, but column 1 is empty: that rule cannot be judged yet
    const check = checkEntry(raw, ctx);
    expect(check.values).toBeUndefined();
    expect(codes(check.fields[0]!.errors)).toEqual(['empty-cell']);
    expect(codes(check.fields[1]!.errors)).toEqual(['not-whole']);
    expect(codes(check.fields[4]!.errors)).toEqual(['negative']);
    expect(codes(check.fields[5]!.errors)).toEqual(['not-a-number']);
    expect(check.fields[5]!.errors[0]!.message).toContain('mười');
    expect(check.fields[2]!.errors).toEqual([]);
  });

  it('stops a field far longer than any number without reading it', () => {
    const raw = typed(VALUES);
    raw[6] = '9'.repeat(MAX_FIELD_LENGTH + 1);
    expect(codes(checkEntry(raw, ctx).fields[6]!.errors)).toEqual(['not-a-number']);
    raw[6] = '9'.repeat(17);
    expect(codes(checkEntry(raw, ctx).fields[6]!.errors)).toEqual(['number-too-large']);
  });
});

describe('the rules between columns, tied to a field', () => {
  it('a part above its total: the error is on the part', () => {
    const values = [...VALUES];
    values[2] = 5000; // column 3 > column 1
    const check = checkEntry(typed(values), ctx);
    expect(check.values).toBeUndefined();
    expect(codes(check.fields[2]!.errors)).toEqual(['col3-gt-col1']);
    expect(check.fields[2]!.errors[0]!.message).toMatch(/^Cột 3 không được lớn hơn cột 1/);
  });

  it('units without an amount: the error is on the amount', () => {
    const values = [...VALUES];
    values[10] = 0;
    const check = checkEntry(typed(values), ctx);
    expect(codes(check.fields[10]!.errors)).toEqual(['col10-col11-mismatch']);
  });

  it('against the previous report: a changed baseline and a cumulative that went down are warnings on their fields', () => {
    const values = [...VALUES];
    values[0] = 4163;
    values[1] = 108_554_706_640; // keep 3 ≤ 1, 4 ≤ 2
    values[5] = 600;
    const check = checkEntry(typed(values), { ...ctx, previous: { reportDate: previousDate, values: VALUES } });
    expect(check.errors).toEqual([]);
    expect(check.values).toEqual(values);
    expect(codes(check.fields[0]!.warnings)).toEqual(['baseline-changed']);
    expect(codes(check.fields[5]!.warnings)).toEqual(['cumulative-decreased']);
  });
});

describe('the page and the pipeline never disagree', () => {
  /** Values that break a rule now and then: parts above totals, zero counts with amounts, decreases. */
  function randomValues(next: () => number): number[] {
    const v = VALUES.map((x) => Math.floor(x * (0.5 + next())));
    if (next() < 0.3) v[2] = v[0]! + 1;
    if (next() < 0.3) v[7] = 0;
    if (next() < 0.3) v[8] = 0;
    if (next() < 0.2) v[4] = 0;
    return v;
  }

  it('the same errors and warnings, on the same cells, as the reader and rules on the form the entry writes', async () => {
    const next = seededRandom(23);
    const province = campaign.province('27')!;
    const previous = { reportDate: previousDate, values: VALUES };
    const verdicts: string[] = [];
    for (let i = 0; i < 25; i++) {
      const values = randomValues(next);
      const page = checkEntry(typed(values), { ...ctx, previous });
      const file = await officialFormXlsx({ province, reportDate: date, texts: formTexts(campaign.config), values, at: new Date(0) });
      const read = await readReport(file, 'nhap.xlsx', campaign);
      const pipeline = applyRules(read, {
        campaign, uploadedFor: '27',
        previous: { ...previous, province: '27', receivedAt: '', sequencer: '', late: false, objectKey: '', warnings: [] },
      });
      const key = (f: Finding): string => `${f.code}@${f.cell}`;
      expect(page.errors.map(key).sort(), `values ${values.join(' ')}`).toEqual(pipeline.errors.map(key).sort());
      expect(page.warnings.map(key).sort()).toEqual(pipeline.warnings.map(key).sort());
      expect(page.values !== undefined).toBe(pipeline.status === 'accepted');
      verdicts.push(pipeline.status);
    }
    expect(new Set(verdicts)).toEqual(new Set(['accepted', 'rejected']));
  });

  it('bundles for the browser: no Node module, no calendar library; the portal serves the current bundle, which answers the same there', async () => {
    const bundle = await build({
      entryPoints: [ENTRY_CHECK_SOURCE], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true,
    });
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.filter((i) => i.startsWith('node:') || /node_modules\/(luxon|zod|exceljs|@e965)/.test(i))).toEqual([]);
    expect(ENTRY_CHECK_JS, 'stale bundle: run npm run build:entry-check').toBe(await bundleEntryCheck());
    expect(ENTRY_CHECK_JS.length).toBeLessThan(30_000);
    const values = [...VALUES];
    values[2] = 5000;
    const raw = typed(values);
    raw[4] = '12,5';
    const sandbox: { BhxhEntry?: { checkEntry: typeof checkEntry }; Intl: typeof Intl } = { Intl };
    runInNewContext(ENTRY_CHECK_JS, sandbox);
    const inBrowser = JSON.parse(JSON.stringify(sandbox.BhxhEntry!.checkEntry(raw, ctx))) as unknown;
    expect(inBrowser).toEqual(JSON.parse(JSON.stringify(checkEntry(raw, ctx))));
    expect(JSON.stringify(inBrowser)).toContain('col3-gt-col1');
    expect(JSON.stringify(inBrowser)).toContain('not-whole');
  });
});
