// Matching a province name as people write it ("TỈNH THANH HOÁ", "tp. Hồ Chí Minh", "Dak Lak")
// to the campaign's list. Exact after normalisation, never "closest": Ninh Thuận must not become
// Bình Thuận. The other names and the names of merged units come from the campaign file.
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

/** The key a name is matched on: folded, spaces removed ("Kon Tum" and "Kontum" are one name). */
export function nameKey(name: string): string {
  return foldVietnamese(name).replace(/ /g, '');
}

// Administrative words in front of a name, longest first ("thanh pho" before "tp"): the form's fixed
// wording, not a campaign's.
const PREFIXES = ['bao hiem xa hoi', 'bhxh', 'thanh pho', 'tinh', 'tp', 't p'];

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

/** A name of a unit that was merged into a unit of the list. */
export interface FormerUnitMatch {
  /** The old unit's name as the campaign file spells it. */
  former: string;
  /** The unit of the list it is part of now. */
  current: Province;
}

export interface ProvinceMatcherSource {
  provinces: readonly Province[];
  /** Headings that open a form's province line, e.g. "BẢO HIỂM XÃ HỘI TỈNH". */
  agencyHeadings: readonly string[];
}

export class ProvinceMatcher {
  private readonly byKey = new Map<string, Province>();
  private readonly formerByKey = new Map<string, FormerUnitMatch>();
  private readonly headings: string[];

  constructor(source: ProvinceMatcherSource) {
    for (const p of source.provinces) {
      this.add(nameKey(p.name), p);
      for (const alias of p.aliases ?? []) this.add(nameKey(alias), p);
    }
    for (const p of source.provinces) {
      for (const f of p.formerUnits ?? []) {
        const key = nameKey(f.name);
        // A current name always wins: "Quảng Trị" absorbed a unit but is still Quảng Trị.
        if (!this.byKey.has(key)) this.formerByKey.set(key, { former: f.name, current: p });
      }
    }
    this.headings = source.agencyHeadings.map(foldVietnamese).sort((a, b) => b.length - a.length);
  }

  private add(key: string, province: Province): void {
    const existing = this.byKey.get(key);
    // Two provinces folding to the same key would make matching ambiguous: refuse to guess.
    if (existing && existing.code !== province.code) throw new Error(`Province names collide after folding: ${existing.name} / ${province.name}`);
    this.byKey.set(key, province);
  }

  private key(name: string): string {
    return stripPrefixes(foldVietnamese(name)).replace(/ /g, '');
  }

  /** The province a name (with or without "Tỉnh"/"Thành phố"/"BẢO HIỂM XÃ HỘI" in front) refers to. */
  match(name: string): Province | undefined {
    const key = this.key(name);
    return key ? this.byKey.get(key) : undefined;
  }

  /** When the name is that of a unit merged into one of the list: which one, and what it is now. */
  formerUnit(name: string): FormerUnitMatch | undefined {
    const key = this.key(name);
    return key ? this.formerByKey.get(key) : undefined;
  }

  /** Whether the text opens with one of the campaign's agency headings ("BẢO HIỂM XÃ HỘI TỈNH …"). */
  isAgencyLine(text: string): boolean {
    const folded = foldVietnamese(text);
    return this.headings.some((h) => folded === h || folded.startsWith(`${h} `));
  }

  /** The name part of an agency line, e.g. "BẢO HIỂM XÃ HỘI TỈNH BẮC NINH" → "bac ninh"; empty when unfilled. */
  agencyName(text: string): string {
    const folded = foldVietnamese(text);
    const heading = this.headings.find((h) => folded === h || folded.startsWith(`${h} `));
    const rest = heading ? folded.slice(heading.length) : folded;
    return stripPrefixes(rest.trim()).replace(/\b(tinh|thanh pho)\b/g, ' ').trim();
  }
}
