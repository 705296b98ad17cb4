// Matching a province name as people write it ("TỈNH THANH HOÁ", "tp. Hồ Chí Minh", "Dak Lak")
// to the registry. Exact after normalisation, never "closest": Ninh Thuận must not become Bình Thuận.
import type { Province } from './campaign.ts';

/** Strips diacritics (any tone-mark placement, NFC or NFD), đ→d, case, punctuation and spaces. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const compact = (folded: string): string => folded.replace(/ /g, '');

// Administrative prefixes in front of a name, longest first ("thanh pho" before "tp").
const PREFIXES = ['bao hiem xa hoi', 'bhxh', 'thanh pho', 'tinh', 'tp', 't p'];

// Common other names of a province, folded and compacted. Keep this list short and unambiguous.
const ALIASES: Record<string, string[]> = {
  '79': ['hcm', 'tphcm', 'thanhphohochiminh', 'saigon'],
  '46': ['hue', 'thuathienhue'],
  '77': ['baria', 'bariavungtau', 'brvt'],
};

function stripPrefixes(folded: string): string {
  let rest = folded;
  for (let changed = true; changed;) {
    changed = false;
    for (const prefix of PREFIXES) {
      if (rest === prefix) return '';
      if (rest.startsWith(`${prefix} `)) {
        rest = rest.slice(prefix.length + 1);
        changed = true;
      }
    }
  }
  return rest;
}

export class ProvinceMatcher {
  private readonly byKey = new Map<string, Province>();

  constructor(provinces: readonly Province[]) {
    for (const p of provinces) {
      this.add(compact(foldVietnamese(p.name)), p);
      for (const alias of ALIASES[p.code] ?? []) this.add(alias, p);
    }
  }

  private add(key: string, province: Province): void {
    const existing = this.byKey.get(key);
    // Two provinces folding to the same key would make matching ambiguous: refuse to guess.
    if (existing && existing.code !== province.code) throw new Error(`Province names collide after folding: ${existing.name} / ${province.name}`);
    this.byKey.set(key, province);
  }

  /** The province a name (with or without "Tỉnh"/"Thành phố"/"BẢO HIỂM XÃ HỘI" in front) refers to. */
  match(name: string): Province | undefined {
    const key = compact(stripPrefixes(foldVietnamese(name)));
    return key ? this.byKey.get(key) : undefined;
  }

  /** Whether the text looks like the title line "BẢO HIỂM XÃ HỘI TỈNH/THÀNH PHỐ …" (or "BHXH TỈNH …"). */
  static isAgencyLine(text: string): boolean {
    const folded = foldVietnamese(text);
    return /^(bao hiem xa hoi|bhxh) (tinh|thanh pho|tp)\b/.test(folded);
  }

  /** The name part of an agency line, e.g. "BẢO HIỂM XÃ HỘI TỈNH BẮC NINH" → "BẮC NINH"; empty when unfilled. */
  static agencyName(text: string): string {
    const folded = foldVietnamese(text);
    return stripPrefixes(folded).replace(/\b(tinh|thanh pho)\b/g, ' ').trim();
  }
}
