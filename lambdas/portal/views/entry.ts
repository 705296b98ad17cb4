// The "Nhập số liệu" page: the report date, the 11 fields labelled as on the form with their units,
// each field's errors and warnings tied to it (aria-describedby), the same findings the page's script
// computes as the clerk types; and the confirmation of "Giống hôm qua".
import type { Campaign } from '../../../shared/domain/campaign.ts';
import type { EntryCheck } from '../../../shared/domain/entry/check.ts';
import { entryFields, type EntryField } from '../../../shared/domain/entry/fields.ts';
import type { Prefill } from '../../../shared/domain/entry/submit.ts';
import { formatDateVi, formatInteger } from '../../../shared/domain/format.ts';
import { officeName } from '../../../shared/domain/mail/common.ts';
import { h, raw, type Html } from '../../../shared/domain/mail/html.ts';
import type { Finding, StoredReport } from '../../../shared/domain/report.ts';
import { formTexts } from '../../../shared/domain/snapshot/text.ts';
import { PATHS } from '../paths.ts';

export interface EntryPageInput {
  campaign: Campaign;
  province: string;
  /** The report date chosen (the due one by default). */
  date: string;
  dueDate: string;
  /** The 11 fields as shown: as typed (after a refused send) or pre-filled. */
  raw: readonly string[];
  /** Where the pre-filled values come from, when they were pre-filled. */
  prefill?: Prefill;
  /** The date's own accepted report, when it has one (a new send corrects it). */
  current?: StoredReport;
  /** The report the day-to-day rules compare with (the script needs it too). */
  previous?: Pick<StoredReport, 'reportDate' | 'values'>;
  /** The server's check of a refused send. */
  check?: EntryCheck;
  /** "Giống hôm qua" is offered (the latest report before the date). */
  sameAsLatest?: Prefill;
}

const GROUP_OF = (col: number): number => (col <= 4 ? 0 : col <= 7 ? 1 : 2);

function hintOf(campaign: Campaign, field: EntryField): string {
  if (field.kind === 'baseline') return `Số liệu cố định ${campaign.config.baselineLabel}: thường giống báo cáo trước.`;
  if (field.kind === 'cumulative') return `Số lũy kế từ ngày ${formatDateVi(campaign.config.actionsWindowStart)}: không nhỏ hơn báo cáo trước.`;
  return 'Số liệu tính đến ngày báo cáo.';
}

const messages = (findings: readonly Finding[]): string => findings.map((f) => f.message).join(' ');

function fieldView(campaign: Campaign, field: EntryField, value: string, check: EntryCheck | undefined): Html {
  const id = field.name;
  const errors = check?.fields[field.col - 1]?.errors ?? [];
  const warnings = check?.fields[field.col - 1]?.warnings ?? [];
  return h`<div class="field${errors.length ? ' invalid' : ''}">
<label for="${id}"><span class="col">Cột ${field.col}.</span> ${field.label} <span class="unit">(${field.unit})</span></label>
<input id="${id}" name="${id}" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" value="${value}"${errors.length ? raw(' aria-invalid="true"') : h``} aria-describedby="${id}-goi-y ${id}-loi ${id}-canh-bao">
<p id="${id}-goi-y" class="hint">${hintOf(campaign, field)}</p>
<p id="${id}-loi" class="field-error">${messages(errors)}</p>
<p id="${id}-canh-bao" class="field-warning">${messages(warnings)}</p>
</div>`;
}

/** The list of what stops a send, each linked to its field (shown after a refused send, and by the script). */
function summaryView(check: EntryCheck | undefined): Html {
  const errors = check?.errors ?? [];
  return h`<div id="entry-summary" class="card rejected"${errors.length ? h`` : raw(' hidden')} role="alert" tabindex="-1">
${errors.length ? h`<h2>Chưa gửi được: ${errors.length} lỗi cần sửa</h2>
<ul>${errors.map((e) => h`<li><a href="#cot${DATA_COLUMN(e)}">Cột ${DATA_COLUMN(e)}</a>: ${e.message}</li>`)}</ul>` : h``}
</div>`;
}

/** The form column (1..11) a finding on the written form's data row is about (A11 → 1). */
const DATA_COLUMN = (finding: Finding): number => (finding.cell ? finding.cell.charCodeAt(0) - 64 : 0);

function dateChooser(campaign: Campaign, date: string, dueDate: string): Html {
  return h`<form method="get" action="${PATHS.entry}" class="date-chooser">
<label for="ngay">Ngày báo cáo</label>
<select id="ngay" name="ngay">${campaign.reportDates.map((d) => h`<option value="${d}"${d === date ? raw(' selected') : h``}>${formatDateVi(d)}${d === dueDate ? ' (hôm nay)' : ''}</option>`)}</select>
<button type="submit" class="secondary">Chọn ngày</button>
</form>`;
}

export function entryBody(input: EntryPageInput): Html {
  const { campaign, date, prefill, current, check, sameAsLatest } = input;
  const texts = formTexts(campaign.config);
  const fields = entryFields(texts);
  const province = campaign.province(input.province);
  const deadline = campaign.formatLocal(campaign.deadline(date));
  const previous = input.previous ? JSON.stringify({ reportDate: input.previous.reportDate, values: input.previous.values }) : '';
  return h`<h1>Nhập số liệu</h1>
<p>${province ? officeName(province) : input.province}. Báo cáo ngày <b>${formatDateVi(date)}</b>, hạn nộp ${deadline}.</p>
${dateChooser(campaign, date, input.dueDate)}
${sameAsLatest && !check ? h`<p><a class="button secondary" href="${PATHS.sameAsLatest}?ngay=${date}">Giống hôm qua</a> <span class="muted">Gửi lại số liệu báo cáo ngày ${formatDateVi(sameAsLatest.from)} cho ngày ${formatDateVi(date)} (xem lại trước khi gửi).</span></p>` : h``}
${current ? h`<p class="card notice">Ngày này đã có báo cáo, nhận lúc ${campaign.formatLocal(new Date(current.firstReceivedAt ?? current.receivedAt))}. Gửi số liệu mới sẽ thay số liệu đã nhận; thời điểm nộp vẫn tính theo lần nộp đầu.</p>` : h``}
${prefill && !check ? h`<p class="muted">Đã điền sẵn số liệu báo cáo ngày ${formatDateVi(prefill.from)} đã được nhận. Sửa các cột đã thay đổi rồi bấm "Gửi báo cáo".</p>` : h``}
${summaryView(check)}
<form id="entry-form" method="post" action="${PATHS.entry}" novalidate data-report-date="${date}" data-baseline-label="${campaign.config.baselineLabel}" data-min-amount="${campaign.config.minAmountPerLateUnit}" data-previous="${previous}">
<input type="hidden" name="ngay" value="${date}">
<p class="muted">Nhập số nguyên, có thể có dấu chấm ngăn cách hàng nghìn (ví dụ 1.234.567). Cột nào không có thì ghi 0.</p>
${texts.groups.map((legend, g) => h`<fieldset><legend>${legend}</legend>
${fields.filter((f) => GROUP_OF(f.col) === g).map((f) => fieldView(campaign, f, input.raw[f.col - 1] ?? '', check))}
</fieldset>`)}
<button type="submit">Gửi báo cáo</button>
</form>
<p class="muted">Số liệu được ghi vào mẫu báo cáo chính thức và kiểm tra như một tệp tải lên; kết quả hiện ngay sau khi gửi và có trong <a href="${PATHS.history}">Lịch sử</a>.</p>`;
}

/** "Giống hôm qua": the values about to be sent again, for the clerk to confirm. */
export function sameAsLatestBody(campaign: Campaign, date: string, from: Prefill): Html {
  const fields = entryFields(formTexts(campaign.config));
  return h`<h1>Giống hôm qua</h1>
<div class="card">
<p>Gửi báo cáo ngày <b>${formatDateVi(date)}</b> với đúng số liệu của báo cáo ngày <b>${formatDateVi(from.from)}</b> dưới đây?</p>
<dl class="values">${fields.map((f) => h`<div><dt>Cột ${f.col}. ${f.label}</dt><dd>${formatInteger(from.values[f.col - 1]!)} ${f.unit}</dd></div>`)}</dl>
<form method="post" action="${PATHS.entry}">
<input type="hidden" name="ngay" value="${date}">
${fields.map((f) => h`<input type="hidden" name="${f.name}" value="${formatInteger(from.values[f.col - 1]!)}">`)}
<p><button type="submit">Xác nhận gửi</button> <a href="${PATHS.entry}?ngay=${date}">Sửa trước khi gửi</a></p>
</form>
</div>`;
}
