// The DTD scan: legitimate OOXML/ODF parts never declare one; entity expansion is the attack.
import { Buffer } from 'node:buffer';

/**
 * Finds `<!DOCTYPE` or `<!ENTITY` (any case, also in UTF-16 text, by skipping NUL bytes) across
 * chunk boundaries. Legitimate OOXML/ODF parts never declare a DTD; entity expansion is the attack.
 */
export class DtdScanner {
  private carry = Buffer.alloc(0);

  /** True once a DTD declaration has been seen. */
  push(chunk: Buffer): boolean {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let at = data.indexOf(0x21); // '!' is rare in XML outside comments and CDATA
    while (at >= 0) {
      if (this.declaresDtd(data, at)) return true;
      at = data.indexOf(0x21, at + 1);
    }
    // 32 bytes cover "<" + "!" + "doctype" even when every character is UTF-16 (two bytes).
    this.carry = Buffer.from(data.subarray(Math.max(0, data.length - 32)));
    return false;
  }

  private declaresDtd(data: Buffer, bang: number): boolean {
    let back = bang - 1;
    while (back >= 0 && data[back] === 0) back--;
    if (back < 0 || data[back] !== 0x3c) return false; // '<'
    let word = '';
    for (let i = bang + 1; i < data.length && word.length < 7; i++) {
      const b = data[i]!;
      if (b === 0) continue;
      word += String.fromCharCode(b | 0x20);
    }
    return word.startsWith('doctype') || word.startsWith('entity');
  }
}
