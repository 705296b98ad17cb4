// What comes from outside is shown safely: the operator's terminal, the portal's pages, the mails.
import { describe, expect, it } from 'vitest';
import { defaultCampaign } from '../../shared/config/campaign.ts';
import { formatStatus, type StatusReport } from '../../shared/day-status.ts';
import { fileNameOf } from '../../lambdas/portal/views/submissions.ts';
import { clip, escapeControls, shownFileName } from '../../shared/domain/shown-text.ts';

const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

describe('text from outside, shown', () => {
  it('a key with ESC, CR/LF and a bidi override prints as escapes on one line', () => {
    const key = 'incoming/27/a\u001b[2J\r\nFAKE: all good\u202e.xlsx';
    const printed = escapeControls(key);
    expect(printed).toBe('incoming/27/a\\x1b[2J\\r\\nFAKE: all good\\u202e.xlsx');
    expect(printed).not.toMatch(/[\u0000-\u001f\u007f]/); // eslint-disable-line no-control-regex
  });

  it('bhxh status: rejected and parked entries cannot write escape codes or forge lines', () => {
    const campaign = defaultCampaign();
    const status: StatusReport = {
      date: '2023-12-15', expected: 63, onTime: [], late: [], missing: [], corrected: [],
      rejected: [{ province: '27', errors: [], file: 'incoming/27/x\u001b]0;pwned\u0007\nOn time (63):.xlsx', receivedAt: '2023-12-15T09:00:00Z' }],
      mailFailures: [{ province: '27', file: 'incoming/27/y\r.xlsx', receivedAt: '2023-12-15T09:00:00Z', status: 'rejected', error: 'boom\u001b[31m' }],
      mailUnconfirmed: [{ province: '27', file: 'incoming/27/z\u001b[2J.xlsx', receivedAt: '2023-12-15T09:00:00Z', status: 'accepted' }],
      parked: [{ function: 'parser', subject: 'incoming/27/\u001b[1Az', error: 'e\n', attempts: 5, parkedAt: '2023-12-15T09:00:00Z' }],
    };
    const out = formatStatus(status, campaign);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/); // eslint-disable-line no-control-regex
    expect(out.split('\n').filter((l) => l.startsWith('On time ('))).toHaveLength(1);
  });

  it('bidi controls leave file names on pages and in mails; names are bounded', () => {
    expect(fileNameOf('incoming/27/p/bao-cao\u202Excod.xlsx')).toBe('bao-caoxcod.xlsx');
    expect(shownFileName('\u2066a\u2069\u200f\u061c.xlsx')).toBe('a.xlsx');
    expect(shownFileName('x'.repeat(5000)).length).toBe(200);
    expect(BIDI.test(shownFileName('\u202a\u202b\u202c\u202d\u202e'))).toBe(false);
    expect(clip('😀😀', 2)).toBe('…');
  });
});
