// Links to a date's files in each format (the snapshot on "Hôm nay", the results on "Kết quả").
import { h, type Html } from '../../../shared/domain/mail/html.ts';
import type { SnapshotFormat } from '../../../shared/domain/snapshot/keys.ts';

const FORMAT_LABEL: Record<SnapshotFormat, string> = { xlsx: 'Excel (.xlsx)', csv: 'CSV', json: 'JSON', html: 'HTML' };

/** "Tải …: Excel (.xlsx) · CSV · …" to `path`?ngay=&dinh-dang=, or a note that the files are not made yet. */
export function downloadLinks(lead: string, path: string, date: string, formats: readonly SnapshotFormat[], available: boolean, missing: string): Html {
  if (!available) return h`<p class="muted">${missing}</p>`;
  return h`<p>${lead}: ${formats.map((f, i) => h`${i ? ' · ' : ''}<a href="${path}?ngay=${date}&amp;dinh-dang=${f}">${FORMAT_LABEL[f]}</a>`)}</p>`;
}
