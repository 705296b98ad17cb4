// "Các lần nộp" and "Chưa nộp" as the national office reads them: every upload's warnings (a changed
// baseline as an alert) and the correction it made (when, before → after); each province without a
// report with its days missed and late, its people's names, roles, phones and addresses; the day's late
// reporters with their time. Both stay under 100 KB with 63 provinces.
import { describe, expect, it } from 'vitest';
import { warnings as W } from '../../shared/domain/findings.ts';
import type { ContactPerson } from '../../shared/domain/contacts/people.ts';
import type { SubmissionRecord } from '../../shared/domain/report.ts';
import { report, values } from '../snapshot/fixtures.ts';
import { campaign } from '../reminder/fakes.ts';
import { portalUnderTest, type PortalUnderTest } from './portal-app.ts';

const DATE = '2023-12-15';
const NATIONAL = 'toan-quoc@example.gov.vn';
const CAO_BANG_BEFORE = values(4);
const CAO_BANG_CUT = CAO_BANG_BEFORE.map((v, i) => (i === 1 ? 120_000_000_000 : v));

function upload(province: string, receivedAt: string, vals: number[] | null, opts: Partial<SubmissionRecord> = {}): SubmissionRecord {
  return {
    province, reportDate: DATE, receivedAt, sequencer: '01', objectKey: `incoming/${province}/bao-cao-${receivedAt.slice(11, 13)}.xlsx`,
    status: vals ? 'accepted' : 'rejected', late: false, superseded: false, values: vals, warnings: [], errors: [], origin: 'portal', ...opts,
  };
}

/** The text a person reads: tags and attributes left out. */
const shown = (html: string): string => html.replace(/<[^>]*>/g, ' ');

async function setPeople(portal: PortalUnderTest, province: string, people: ContactPerson[]): Promise<void> {
  const current = (await portal.registry.list()).provinces.find((p) => p.province === province);
  const written = await portal.registry.replaceProvince(province, current?.version ?? 0, people, {
    at: '2023-12-10T00:00:00.000Z', by: { address: NATIONAL, role: 'national' }, province, action: 'import', before: current?.people ?? [], after: people,
  });
  expect(written).toBe('written');
}

describe('Các lần nộp', () => {
  it('shows each upload\'s warnings, a changed baseline loudest, and a correction after the deadline with before → after', async () => {
    const portal = portalUnderTest();
    portal.now = new Date('2023-12-16T08:00:00Z');
    const warnings = [
      W.baselineChanged(2, 'E11', CAO_BANG_BEFORE[1]!, CAO_BANG_CUT[1]!, '14/12/2023', 'tính đến hết tháng 11/2023'),
      W.cumulativeDecreased(5, 'H11', CAO_BANG_BEFORE[4]!, 1, '14/12/2023'),
      W.late('18:30 ngày 15/12/2023'),
    ];
    portal.submissions.push(
      upload('04', '2023-12-15T02:00:00.000Z', CAO_BANG_BEFORE, { superseded: true }),
      upload('04', '2023-12-16T06:58:00.000Z', CAO_BANG_CUT, { warnings }),
      upload('27', '2023-12-15T03:00:00.000Z', null, { errors: [{ code: 'col3-gt-col1', message: 'Cột 3 lớn hơn cột 1.', cell: 'E11' }] }),
    );
    const cookie = await portal.signIn(NATIONAL);
    const response = await portal.request(`/toan-quoc/cac-lan-nop?ngay=${DATE}`, { cookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('3 lần nộp cho ngày báo cáo này: 2 được nhận, 1 bị từ chối; 1 lần nộp có cảnh báo; 1 lần sửa báo cáo đã nhận sau hạn nộp.');
    expect(html).toContain('<p class="alert" role="alert">1 lần nộp thay đổi số liệu gốc (cột 1–4) so với báo cáo trước: Cao Bằng.');
    // The count opens on the texts; lateness is left to the status.
    expect(html).toContain('<details class="alert"><summary>2 cảnh báo · Số liệu gốc (cột 1–4) thay đổi</summary>');
    expect(html).toContain('<li>Ô E11: Cột 2 là số liệu cố định tính đến hết tháng 11/2023 nhưng khác báo cáo ngày 14/12/2023 (trước: ');
    expect(html).toContain('<li>Ô H11: Cột 5 là số lũy kế nhưng nhỏ hơn báo cáo ngày 14/12/2023');
    expect(html).not.toContain('sau hạn (18:30 ngày 15/12/2023)');
    expect(html).toContain(`<span class="tag late">Sửa sau hạn nộp</span> <b>sửa lúc 13:58 16/12/2023 (sau hạn nộp): cột 2: ${CAO_BANG_BEFORE[1]!.toLocaleString('de-DE')} → 120.000.000.000</b>`);
    expect(html).toContain('1 lỗi, đầu tiên: Ô E11: Cột 3 lớn hơn cột 1.');
    // Newest first; no storage keys or rule codes in what people read.
    expect(html.indexOf('<td>13:58 ngày 16/12/2023</td>')).toBeLessThan(html.indexOf('<td>10:00 ngày 15/12/2023</td>'));
    expect(shown(html)).not.toMatch(/incoming\/|baseline-changed|col3-gt-col1|cumulative-decreased/);
  });

  it('a rejected file whose baseline differs raises no alert: it changed nothing, its row says why', async () => {
    const portal = portalUnderTest();
    portal.now = new Date('2023-12-16T08:00:00Z');
    const warnings = [W.baselineChanged(2, 'E11', CAO_BANG_BEFORE[1]!, CAO_BANG_CUT[1]!, '14/12/2023', 'tính đến hết tháng 11/2023')];
    portal.submissions.push(
      upload('04', '2023-12-15T02:00:00.000Z', CAO_BANG_BEFORE),
      upload('04', '2023-12-15T03:00:00.000Z', null, { warnings, errors: [{ code: 'col3-gt-col1', message: 'Cột 3 lớn hơn cột 1.', cell: 'E11' }] }),
    );
    const cookie = await portal.signIn(NATIONAL);
    const html = await (await portal.request(`/toan-quoc/cac-lan-nop?ngay=${DATE}`, { cookie })).text();
    expect(html).toContain('2 lần nộp cho ngày báo cáo này: 1 được nhận, 1 bị từ chối;');
    expect(html).not.toContain('thay đổi số liệu gốc (cột 1–4) so với báo cáo trước');
    expect(html).toContain('<details class="alert"><summary>1 cảnh báo · Số liệu gốc (cột 1–4) thay đổi</summary>');
  });

  it('a correction before the deadline is shown without the after-deadline mark', async () => {
    const portal = portalUnderTest();
    portal.submissions.push(
      upload('01', '2023-12-15T02:00:00.000Z', values(1), { superseded: true }),
      upload('01', '2023-12-15T03:00:00.000Z', values(1).map((v, i) => (i === 8 ? v - 7 : v))),
    );
    const html = await (await portal.request(`/toan-quoc/cac-lan-nop?ngay=${DATE}`, { cookie: await portal.signIn(NATIONAL) })).text();
    expect(html).toContain(`sửa lúc 10:00 15/12/2023: cột 9: ${values(1)[8]!.toLocaleString('de-DE')} → ${(values(1)[8]! - 7).toLocaleString('de-DE')}`);
    expect(html).not.toContain('Sửa sau hạn nộp');
    expect(html).toContain('0 lần sửa báo cáo đã nhận sau hạn nộp');
  });

  it('stays under 100 KB with two uploads, each with warnings, from every province', async () => {
    const portal = portalUnderTest();
    portal.now = new Date('2023-12-16T08:00:00Z');
    for (const p of campaign.provinces) {
      const before = values(Number(p.code));
      const cut = before.map((v, i) => (i === 1 ? v - 1_000 : v));
      portal.submissions.push(
        upload(p.code, '2023-12-15T02:00:00.000Z', before, { superseded: true }),
        upload(p.code, '2023-12-16T02:00:00.000Z', cut, {
          warnings: [W.baselineChanged(2, 'E11', before[1]!, cut[1]!, '14/12/2023', 'tính đến hết tháng 11/2023'), W.cumulativeDecreased(5, 'H11', 9, 1, '14/12/2023')],
        }),
      );
    }
    const html = await (await portal.request(`/toan-quoc/cac-lan-nop?ngay=${DATE}`, { cookie: await portal.signIn(NATIONAL) })).text();
    expect(html).toContain(`${campaign.provinces.length * 2} lần nộp`);
    expect(new TextEncoder().encode(html).byteLength).toBeLessThan(100_000);
  });

  it('stays under 100 KB with 200 rejected uploads of 30 errors from every province: the latest 2 each, the first of their errors, the rest counted with a link to the province uploads', async () => {
    // As many errors as an upload keeps (findings are capped at 30 when stored), each as long as a real one.
    const STORED_ERRORS = Array.from({ length: 30 }, (_, k) => ({ code: 'col3-gt-col1', message: `Cột 3 (${k + 1}) lớn hơn cột 1: số đơn vị chậm đóng từ 3 tháng không thể nhiều hơn tổng số đơn vị chậm đóng.`, cell: `E${11 + k}` }));
    const portal = portalUnderTest();
    portal.now = new Date('2023-12-16T08:00:00Z');
    const at = (k: number): string => new Date(Date.parse('2023-12-15T01:00:00.000Z') + k * 60_000).toISOString();
    for (const p of campaign.provinces) {
      portal.submissions.push(upload(p.code, at(0), values(Number(p.code))));
      for (let k = 1; k <= 200; k++) {
        portal.submissions.push(upload(p.code, at(k), null, { objectKey: `incoming/${p.code}/tu-choi-${k}.xlsx`, errors: STORED_ERRORS }));
      }
    }
    const html = await (await portal.request(`/toan-quoc/cac-lan-nop?ngay=${DATE}`, { cookie: await portal.signIn(NATIONAL) })).text();
    const n = campaign.provinces.length;
    expect(html).toContain(`${n * 201} lần nộp cho ngày báo cáo này: ${n} được nhận, ${n * 200} bị từ chối;`);
    expect(new TextEncoder().encode(html).byteLength).toBeLessThan(100_000);
    // Every accepted upload; of the rejected, the two sent last, newest first.
    expect(html.match(/Đã nhận, đúng hạn/g)).toHaveLength(n);
    expect(html.match(/<span class="tag rejected_only">Bị từ chối<\/span>/g)).toHaveLength(n * 2);
    expect(html).toContain('>tu-choi-200.xlsx</a>');
    expect(html).toContain('>tu-choi-199.xlsx</a>');
    expect(html).not.toContain('>tu-choi-198.xlsx</a>');
    expect(html).toContain('<li><a href="/lich-su?tinh=04">Cao Bằng</a>: và 198 tệp bị từ chối khác</li>');
    expect(html).toContain('30 lỗi, đầu tiên: Ô E11: Cột 3 (1)');
    expect(html).not.toContain('Cột 3 (2)');
  });
});

describe('Chưa nộp', () => {
  async function day(): Promise<{ portal: PortalUnderTest; html: string }> {
    const portal = portalUnderTest();
    portal.now = new Date('2023-12-16T08:00:00Z');
    // Bắc Ninh on time; Hà Nội late at 19:05 and corrected the next morning; Cao Bằng late on the 11th and 12th only.
    portal.reports.push(
      report('27', DATE, '2023-12-15T02:00:00.000Z'),
      report('01', DATE, '2023-12-16T02:00:00.000Z', { late: true, firstReceivedAt: '2023-12-15T12:05:00.000Z' }),
      report('04', '2023-12-11', '2023-12-12T02:00:00.000Z', { late: true }),
      report('04', '2023-12-12', '2023-12-13T02:00:00.000Z', { late: true }),
    );
    portal.submissions.push(upload('04', '2023-12-15T05:00:00.000Z', null, { errors: [{ code: 'negative', message: 'Ô âm' }] }));
    await setPeople(portal, '04', [
      { email: 'thu@caobang.example.gov.vn', name: 'Nông Thị Hoa', role: 'Trưởng phòng Quản lý thu', phone: '0912 345 678' },
      { email: 'vanthu@caobang.example.gov.vn', name: 'Bế Văn Nam', role: 'Văn thư' },
    ]);
    const response = await portal.request(`/toan-quoc/chua-nop?ngay=${DATE}`, { cookie: await portal.signIn(NATIONAL) });
    expect(response.status).toBe(200);
    return { portal, html: await response.text() };
  }

  it('gives each province without a report its days missed and late, its status, and who to call or write to', async () => {
    const { html } = await day();
    const cards = html.split('<article class="card unit"').slice(1);
    expect(cards).toHaveLength(campaign.provinces.length - 2);
    const caoBang = cards.find((c) => c.includes('Cao Bằng'))!;
    expect(caoBang).toContain('<span class="tag rejected_only">Chỉ có báo cáo bị từ chối</span>');
    expect(caoBang).toContain('Quá hạn chưa nộp <b>3</b> ngày, nộp muộn <b>2</b> ngày, đúng hạn 0 ngày (từ đầu đợt đến ngày 15/12/2023).');
    expect(caoBang).toContain('1 tệp gửi cho ngày này bị từ chối');
    expect(caoBang).toContain('<b>Nông Thị Hoa</b>, Trưởng phòng Quản lý thu<br>\n<a href="tel:0912345678">0912 345 678</a> · <a href="mailto:thu@caobang.example.gov.vn">thu@caobang.example.gov.vn</a>');
    expect(caoBang).toContain('<b>Bế Văn Nam</b>, Văn thư<br>\n<a href="mailto:vanthu@caobang.example.gov.vn">');
    // A province that missed every day so far comes before Cao Bằng (3 days), which is the last.
    expect(cards[0]).toContain('Quá hạn chưa nộp <b>5</b> ngày');
    expect(cards.at(-1)).toContain('Cao Bằng');
    expect(html).not.toMatch(/<h3 id="unit-(27|01)"/);
    expect(html).toContain('Chưa có địa chỉ liên hệ.');
  });

  it('lists the day\'s late reporters with the time of their first upload and how late', async () => {
    const { html } = await day();
    expect(html).toContain(`${campaign.provinces.length - 2} tỉnh, thành phố chưa có báo cáo được nhận; <a href="#nop-muon">1 nộp muộn</a>.`);
    const late = html.slice(html.indexOf('<h2 id="nop-muon">Nộp muộn (1)</h2>'));
    expect(late).toContain('<th scope="row">Hà Nội</th><td data-label="Nộp lúc">19:05 ngày 15/12/2023</td><td data-label="Sau hạn nộp">35 phút</td>');
    expect(late).not.toContain('Bắc Ninh');
  });

  it('stays under 100 KB with every province missing and two people each', async () => {
    const portal = portalUnderTest();
    portal.now = new Date('2023-12-16T08:00:00Z');
    for (const p of campaign.provinces) {
      await setPeople(portal, p.code, [1, 2].map((n) => ({
        email: `nguoi${n}.${p.code}@example.gov.vn`, name: `Nguyễn Văn Người Thứ ${n}`, role: 'Phó Trưởng phòng Quản lý thu, Bảo hiểm xã hội tỉnh', phone: '0912 345 678',
      })));
    }
    const html = await (await portal.request(`/toan-quoc/chua-nop?ngay=${DATE}`, { cookie: await portal.signIn(NATIONAL) })).text();
    expect(html).toContain(`Chưa có báo cáo được nhận (${campaign.provinces.length})`);
    expect(new TextEncoder().encode(html).byteLength).toBeLessThan(100_000);
  });
});
