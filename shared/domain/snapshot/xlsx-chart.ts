// Native Excel charts added to a workbook exceljs has written (exceljs writes images, never charts):
// the DrawingML parts (xl/charts/chartN.xml, xl/drawings/drawingN.xml), their relationships (sheet →
// drawing → chart) and [Content_Types].xml overrides. Each series points at the cells holding its
// numbers (so Excel and LibreOffice redraw it when a cell changes) and carries a cache of them (so a
// reader that does not recompute still draws it). Parts exceljs wrote are copied, never recompressed.
import JSZip from 'jszip';
import { changeScale } from './html.ts';

/** A column of cells on the chart's sheet: rows `first`..`last` (1-based, inclusive) of column `col` (1-based). */
export interface CellColumn {
  col: number;
  first: number;
  last: number;
}

export interface ChartSeries {
  name: string;
  /** Where the values live; `values` are what those cells hold (null: an empty cell, a gap in the line). */
  ref: CellColumn;
  values: readonly (number | null)[];
  /** RRGGBB. */
  colour: string;
  dashed?: boolean;
  /** A line's point markers (a single point is only visible as a marker). */
  markers?: boolean;
  /** Index of the point to label with its value (e.g. the latest), shown in the value axis's format. */
  labelPoint?: number;
  /** Bars only: a colour per point (RRGGBB) where it differs from the series' (null keeps it). */
  pointColours?: readonly (string | null)[];
}

export interface ChartSpec {
  /** 'line': values over the categories; 'bar': one horizontal bar per category, the first on top. */
  kind: 'line' | 'bar';
  /** The sheet holding the data and the chart. */
  sheet: string;
  /** Top-left and bottom-right cells of the chart's frame (1-based, the bottom-right one excluded). */
  from: { col: number; row: number };
  to: { col: number; row: number };
  /** Lines of the title. */
  title: readonly string[];
  /** Alternative text for screen readers. */
  description: string;
  categories: { ref: CellColumn; labels: readonly string[] };
  series: readonly ChartSeries[];
  valueAxis: { min: number; max: number; majorUnit: number; numberFormat: string; title?: string };
}

const NS = {
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  pkg: 'http://schemas.openxmlformats.org/package/2006/relationships',
};
const REL = { drawing: `${NS.r}/drawing`, chart: `${NS.r}/chart` };
const CONTENT = {
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
};
/** Parts are files only: no directory entries in the package. */
const PART = { createFolders: false };
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const CATEGORY_AXIS = 500100;
const VALUE_AXIS = 500200;

/**
 * A value axis for changes in % (the html chart's scale: it holds 0 and spans at least 2 points, so a
 * 1 % change shows), with a step of room on a side the data reaches, so no line runs along the
 * frame and a bar's label fits beside it.
 */
export function changeAxis(values: readonly number[]): ChartSpec['valueAxis'] {
  const { ticks, low, high } = changeScale(values);
  const step = Number((ticks[1]! - ticks[0]!).toPrecision(12));
  return {
    min: Math.min(0, ...values) - low < step / 4 ? low - step : low,
    max: high - Math.max(0, ...values) < step / 4 ? high + step : high,
    majorUnit: step, numberFormat: '0.0"%"',
  };
}

/** Text for XML content and attributes; characters XML 1.0 cannot hold are dropped. */
export function xmlText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#x([0-9a-f]+)|#(\d+));/gi, (_, name: string, hex?: string, dec?: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec))
      : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[name.toLowerCase()]!);
}

export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** An absolute range formula on a sheet, the name quoted as Excel does ('Xu hướng'!$P$4:$P$9). */
export function rangeFormula(sheet: string, ref: CellColumn): string {
  const letter = columnLetter(ref.col);
  return `'${sheet.replace(/'/g, "''")}'!$${letter}$${ref.first}:$${letter}$${ref.last}`;
}

function pointCount(ref: CellColumn): number {
  return ref.last - ref.first + 1;
}

function checkSpec(spec: ChartSpec): void {
  const n = pointCount(spec.categories.ref);
  if (n < 1 || spec.categories.labels.length !== n) throw new Error(`chart on ${spec.sheet}: ${spec.categories.labels.length} labels for ${n} category cells`);
  if (!spec.series.length) throw new Error(`chart on ${spec.sheet}: no series`);
  for (const s of spec.series) {
    if (pointCount(s.ref) !== n || s.values.length !== n) throw new Error(`chart on ${spec.sheet}: series ${s.name} does not match its ${n} categories`);
    if (s.values.some((v) => v !== null && !Number.isFinite(v))) throw new Error(`chart on ${spec.sheet}: series ${s.name} holds a non-finite value`);
    if ((s.pointColours?.length ?? 0) > n) throw new Error(`chart on ${spec.sheet}: series ${s.name} has more colours than points`);
  }
  const { min, max, majorUnit } = spec.valueAxis;
  if (![min, max, majorUnit].every(Number.isFinite) || min >= max || majorUnit <= 0) throw new Error(`chart on ${spec.sheet}: bad value axis`);
}

const rich = (lines: readonly string[], size: number, bold: boolean): string =>
  `<c:rich><a:bodyPr/><a:lstStyle/>${lines.map((line) =>
    `<a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:r><a:rPr lang="vi-VN" sz="${size}" b="${bold ? 1 : 0}"/><a:t>${xmlText(line)}</a:t></a:r></a:p>`).join('')}</c:rich>`;

const textProps = (size: number): string =>
  `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}"/></a:pPr><a:endParaRPr lang="vi-VN"/></a:p></c:txPr>`;

function seriesXml(spec: ChartSpec, s: ChartSeries, i: number): string {
  const fill = `<a:solidFill><a:srgbClr val="${s.colour}"/></a:solidFill>`;
  const line = spec.kind === 'line'
    ? `<c:spPr><a:ln w="${s.dashed ? 19050 : 28575}" cap="rnd">${fill}<a:prstDash val="${s.dashed ? 'dash' : 'solid'}"/><a:round/></a:ln></c:spPr>`
      + (s.markers
        ? `<c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr>${fill}<a:ln>${fill}</a:ln></c:spPr></c:marker>`
        : '<c:marker><c:symbol val="none"/></c:marker>')
    : `<c:spPr>${fill}</c:spPr><c:invertIfNegative val="0"/>`
      + (s.pointColours ?? []).map((colour, k) => (colour
        ? `<c:dPt><c:idx val="${k}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr></c:dPt>`
        : '')).join('');
  const flags = (value: boolean) => `<c:showLegendKey val="0"/><c:showVal val="${value ? 1 : 0}"/><c:showCatName val="0"/>`
    + '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>';
  const format = `<c:numFmt formatCode="${xmlText(spec.valueAxis.numberFormat)}" sourceLinked="0"/>`;
  const labels = s.labelPoint !== undefined
    ? `<c:dLbls><c:dLbl><c:idx val="${s.labelPoint}"/>${format}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`
      + `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1100" b="1"><a:solidFill><a:srgbClr val="${s.colour}"/></a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang="vi-VN"/></a:p></c:txPr>`
      + `<c:dLblPos val="${spec.kind === 'line' ? 't' : 'outEnd'}"/>${flags(true)}</c:dLbl>${flags(false)}</c:dLbls>`
    : spec.kind === 'bar' ? `<c:dLbls>${format}<c:dLblPos val="outEnd"/>${flags(true)}</c:dLbls>` : '';
  const cats = `<c:cat><c:strRef><c:f>${xmlText(rangeFormula(spec.sheet, spec.categories.ref))}</c:f><c:strCache>`
    + `<c:ptCount val="${spec.categories.labels.length}"/>${spec.categories.labels.map((l, k) => `<c:pt idx="${k}"><c:v>${xmlText(l)}</c:v></c:pt>`).join('')}`
    + '</c:strCache></c:strRef></c:cat>';
  const vals = `<c:val><c:numRef><c:f>${xmlText(rangeFormula(spec.sheet, s.ref))}</c:f><c:numCache><c:formatCode>General</c:formatCode>`
    + `<c:ptCount val="${s.values.length}"/>${s.values.map((v, k) => (v === null ? '' : `<c:pt idx="${k}"><c:v>${v}</c:v></c:pt>`)).join('')}`
    + '</c:numCache></c:numRef></c:val>';
  return `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${xmlText(s.name)}</c:v></c:tx>${line}${labels}${cats}${vals}`
    + `${spec.kind === 'line' ? '<c:smooth val="0"/>' : ''}</c:ser>`;
}

/** The chart part: one plot (line or bar) over a category axis and a value axis with fixed bounds. */
export function chartXml(spec: ChartSpec): string {
  checkSpec(spec);
  const bar = spec.kind === 'bar';
  const series = spec.series.map((s, i) => seriesXml(spec, s, i)).join('');
  const plot = bar
    ? `<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="60"/>`
    : `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/>`;
  const axisLine = '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="7F7F7F"/></a:solidFill></a:ln></c:spPr>';
  const v = spec.valueAxis;
  // The category axis crosses the value axis at 0 (the reference); its labels stay at the low edge.
  const catAx = `<c:catAx><c:axId val="${CATEGORY_AXIS}"/><c:scaling><c:orientation val="${bar ? 'maxMin' : 'minMax'}"/></c:scaling>`
    + `<c:delete val="0"/><c:axPos val="${bar ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="0"/>`
    + `<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>${axisLine}${textProps(900)}`
    + `<c:crossAx val="${VALUE_AXIS}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>`
    + `${bar ? '<c:tickLblSkip val="1"/>' : ''}<c:noMultiLvlLbl val="0"/></c:catAx>`;
  const valAx = `<c:valAx><c:axId val="${VALUE_AXIS}"/><c:scaling><c:orientation val="minMax"/><c:max val="${v.max}"/><c:min val="${v.min}"/></c:scaling>`
    + `<c:delete val="0"/><c:axPos val="${bar ? 'b' : 'l'}"/>`
    + '<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>'
    + (v.title ? `<c:title><c:tx>${rich([v.title], 900, false)}</c:tx><c:overlay val="0"/></c:title>` : '')
    + `<c:numFmt formatCode="${xmlText(v.numberFormat)}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>`
    + `<c:tickLblPos val="nextTo"/>${axisLine}${textProps(900)}<c:crossAx val="${CATEGORY_AXIS}"/><c:crosses val="${bar ? 'max' : 'autoZero'}"/>`
    + `<c:crossBetween val="between"/><c:majorUnit val="${v.majorUnit}"/></c:valAx>`;
  return `${XML_HEAD}<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}"><c:roundedCorners val="0"/><c:chart>`
    + `<c:title><c:tx>${rich(spec.title, 1200, true)}</c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>`
    + `<c:plotArea><c:layout/>${plot}<c:axId val="${CATEGORY_AXIS}"/><c:axId val="${VALUE_AXIS}"/>${bar ? '</c:barChart>' : '</c:lineChart>'}${catAx}${valAx}</c:plotArea>`
    + `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${textProps(1000)}</c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>`
    + '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>'
    + `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1000"><a:latin typeface="Times New Roman"/></a:defRPr></a:pPr><a:endParaRPr lang="vi-VN"/></a:p></c:txPr>`
    + '</c:chartSpace>';
}

function drawingXml(charts: readonly { spec: ChartSpec; relId: string }[]): string {
  const anchors = charts.map(({ spec, relId }, i) => {
    const cell = (tag: string, p: { col: number; row: number }) =>
      `<xdr:${tag}><xdr:col>${p.col - 1}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
    return `<xdr:twoCellAnchor editAs="oneCell">${cell('from', spec.from)}${cell('to', spec.to)}<xdr:graphicFrame macro="">`
      + `<xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="Biểu đồ ${i + 1}" descr="${xmlText(spec.description)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>`
      + '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
      + `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" r:id="${relId}"/></a:graphicData></a:graphic>`
      + '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>';
  }).join('');
  return `${XML_HEAD}<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">${anchors}</xdr:wsDr>`;
}

const relationship = (id: string, type: string, target: string): string =>
  `<Relationship Id="${id}" Type="${type}" Target="${xmlText(target)}"/>`;
const emptyRels = `${XML_HEAD}<Relationships xmlns="${NS.pkg}"></Relationships>`;

async function readText(zip: JSZip, path: string): Promise<string> {
  const file = zip.file(path);
  if (!file) throw new Error(`workbook part ${path} missing`);
  return file.async('string');
}

/** The part path of the sheet named `name` (xl/worksheets/sheetN.xml), by workbook.xml and its rels. */
async function sheetPath(zip: JSZip, name: string): Promise<string> {
  const workbook = await readText(zip, 'xl/workbook.xml');
  const sheet = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0])
    .find((tag) => unescapeXml(/\bname="([^"]*)"/.exec(tag)?.[1] ?? '') === name);
  const relId = sheet && /\br:id="([^"]*)"/.exec(sheet)?.[1];
  if (!relId) throw new Error(`sheet ${name} not in the workbook`);
  const rels = await readText(zip, 'xl/_rels/workbook.xml.rels');
  const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((tag) => tag.includes(`Id="${relId}"`));
  const target = rel && /\bTarget="([^"]*)"/.exec(rel)?.[1];
  if (!target) throw new Error(`sheet ${name} has no part`);
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** A relationship id not yet used in a rels part. */
function freeRelId(rels: string): string {
  const used = new Set([...rels.matchAll(/\bId="([^"]*)"/g)].map((m) => m[1]));
  let n = 1;
  while (used.has(`rId${n}`)) n++;
  return `rId${n}`;
}

/** Elements a worksheet's <drawing> must precede (CT_Worksheet's order). */
const AFTER_DRAWING = new Set(['legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst']);

/** The children of a part's root element: their names and where their start tags begin. */
function rootChildren(xml: string): { name: string; start: number }[] {
  const children: { name: string; start: number }[] = [];
  let depth = 0;
  for (const m of xml.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (closing) { depth--; continue; }
    if (depth === 1) children.push({ name: name!, start: m.index });
    if (!selfClosing) depth++;
  }
  return children;
}

function withDrawing(sheetXml: string, relId: string): string {
  const root = /<worksheet\b[^>]*>/.exec(sheetXml)?.[0];
  if (!root) throw new Error('not a worksheet part');
  let xml = sheetXml;
  if (!/\bxmlns:r="/.test(root)) xml = xml.replace(root, root.replace(/>$/, ` xmlns:r="${NS.r}">`));
  const children = rootChildren(xml);
  if (children.some((c) => c.name === 'drawing')) throw new Error('sheet already holds a drawing');
  const at = children.find((c) => AFTER_DRAWING.has(c.name))?.start ?? xml.lastIndexOf('</worksheet>');
  return `${xml.slice(0, at)}<drawing r:id="${relId}"/>${xml.slice(at)}`;
}

function nextFree(zip: JSZip, folder: string, stem: string): number {
  let n = 1;
  while (zip.file(`${folder}/${stem}${n}.xml`)) n++;
  return n;
}

/**
 * Adds the charts to a workbook's bytes: one drawing per sheet holding charts, one chart part each.
 * Throws on a spec that does not match its cells, an unknown sheet, or a sheet that has a drawing.
 */
export async function addCharts(xlsx: Uint8Array, specs: readonly ChartSpec[]): Promise<Uint8Array> {
  if (!specs.length) return xlsx;
  const zip = await JSZip.loadAsync(xlsx);
  let types = await readText(zip, '[Content_Types].xml');
  const bySheet = new Map<string, ChartSpec[]>();
  for (const spec of specs) bySheet.set(spec.sheet, [...(bySheet.get(spec.sheet) ?? []), spec]);
  for (const [sheet, sheetSpecs] of bySheet) {
    const path = await sheetPath(zip, sheet);
    const drawingNumber = nextFree(zip, 'xl/drawings', 'drawing');
    const drawingPath = `xl/drawings/drawing${drawingNumber}.xml`;
    const drawingRels: string[] = [];
    const charts = sheetSpecs.map((spec, i) => {
      const chartNumber = nextFree(zip, 'xl/charts', 'chart');
      const chartPath = `xl/charts/chart${chartNumber}.xml`;
      zip.file(chartPath, chartXml(spec), PART);
      types = types.replace('</Types>', `<Override PartName="/${chartPath}" ContentType="${CONTENT.chart}"/></Types>`);
      drawingRels.push(relationship(`rId${i + 1}`, REL.chart, `../charts/chart${chartNumber}.xml`));
      return { spec, relId: `rId${i + 1}` };
    });
    zip.file(drawingPath, drawingXml(charts), PART);
    zip.file(`xl/drawings/_rels/drawing${drawingNumber}.xml.rels`, `${XML_HEAD}<Relationships xmlns="${NS.pkg}">${drawingRels.join('')}</Relationships>`, PART);
    types = types.replace('</Types>', `<Override PartName="/${drawingPath}" ContentType="${CONTENT.drawing}"/></Types>`);

    const slash = path.lastIndexOf('/');
    const relsPath = `${path.slice(0, slash)}/_rels/${path.slice(slash + 1)}.rels`;
    const rels = zip.file(relsPath) ? await readText(zip, relsPath) : emptyRels;
    const relId = freeRelId(rels);
    zip.file(relsPath, rels.replace('</Relationships>', `${relationship(relId, REL.drawing, `../drawings/drawing${drawingNumber}.xml`)}</Relationships>`), PART);
    zip.file(path, withDrawing(await readText(zip, path), relId));
  }
  zip.file('[Content_Types].xml', types);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}
