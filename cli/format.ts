// Verdicts and tables printed for a person (the --json output is for machines).
import type { Campaign } from '../shared/domain/campaign.ts';
import { formatDateVi, formatInteger } from '../shared/domain/format.ts';
import { findingCount, findingLine, valueSourceLine } from '../shared/domain/findings.ts';
import type { Finding, Verdict } from '../shared/domain/report.ts';
import { terminal } from '../shared/domain/shown-text.ts';
import { formTexts } from '../shared/domain/snapshot/text.ts';

const line = (f: Finding): string => terminal`  - ${findingLine(f)} (${f.code})\n`;

export function formatVerdict(verdict: Verdict, fileName: string, campaign: Campaign): string {
  const province = campaign.province(verdict.province);
  let out = terminal`${fileName}: `;
  out += `${verdict.status === 'accepted' ? 'HỢP LỆ (accepted)' : 'BỊ TỪ CHỐI (rejected)'}\n`;
  out += terminal`  Tỉnh/thành phố: ${province ? `${province.name} (${province.code})` : verdict.province}\n`;
  if (verdict.reportDate) out += `  Ngày báo cáo: ${formatDateVi(verdict.reportDate)}\n`;
  if (verdict.source) out += terminal`  ${valueSourceLine(verdict.source)}\n`;
  if (verdict.values) {
    const labels = formTexts(campaign.config).columnLabels;
    const width = Math.max(...labels.map((l) => l.length));
    verdict.values.forEach((v, i) => { out += `  ${String(i + 1).padStart(2)}. ${labels[i]!.padEnd(width)} ${formatInteger(v).padStart(20)}\n`; });
  }
  if (verdict.errors.length) out += `Lỗi (${findingCount(verdict.errors)}):\n${verdict.errors.map(line).join('')}`;
  if (verdict.warnings.length) out += `Cảnh báo (${findingCount(verdict.warnings)}):\n${verdict.warnings.map(line).join('')}`;
  return out;
}
