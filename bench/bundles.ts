// Each Lambda bundled as the stack bundles it (bench/bundle-options.ts), and beside it a bundle of only
// the AWS SDK code that Lambda imports, its clients constructed (bench/sdk-baseline.ts); all imported in
// fresh Node processes (this Node: npm scripts and npx run Node 24, the deployed runtime), interleaved
// round by round: bundle size, module init (median), and init as a multiple of the SDK-only baseline's.
// With --profile, one more import per bundle and per baseline under V8's CPU profiler (what
// `node --cpu-prof` records, started just before the import), its samples mapped back through the
// bundle's source map to the package (or project folder) they ran in.
//   npx tsx bench/bundles.ts [--quick | --rounds N] [--profile]   this part alone, as JSON (progress on stderr)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { FUNCTION_NODE_OPTIONS } from '../cdk/bundling.ts';
import { BUNDLE_OPTIONS } from './bundle-options.ts';
import { baselineSource, sdkUseOf, type SdkUse } from './sdk-baseline.ts';
import { median } from './stats.ts';

/** Every Lambda of the stack (lambdas/<name>/handler.ts). */
export const LAMBDAS = ['parser', 'reminder', 'aggregator', 'portal', 'mail-intake'] as const;
export type LambdaName = typeof LAMBDAS[number];

// What the stack sets on every function (cdk/stack.ts); each handler reads it at its first invocation.
// NODE_OPTIONS as deployed: with source maps on, Node reads the bundle's map at the import.
const FUNCTION_ENV = {
  NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
  AWS_REGION: 'ap-southeast-1', BHXH_TABLE_NAME: 't', BHXH_BUCKET_NAME: 'b', BHXH_EVENT_BUS_NAME: 'e', BHXH_SENDER: 'bao-cao@example.gov.vn',
  POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export interface BundleStats {
  bytes: number;
  /** Median wall time of the import. */
  initMs: number;
  /** Median CPU time (user + system, all threads) of the import: steadier than wall time on a loaded machine. */
  initCpuMs: number;
}
interface InitSample { wallMs: number; cpuMs: number }
interface Attribution {
  sampledMs: number;
  byOwner: Map<string, number>;
}

export interface InitProfile {
  /** Sampled time of the deployed (minified) bundle's import, ms (the profiler slows it: compare shares). */
  sampledMs: number;
  /** Of which Node's loader reading, compiling and linking the bundle, the built-ins it imports, V8's garbage collector. */
  compileMs: number;
  builtinsMs: number;
  gcMs: number;
  /** The rest, evaluating the modules: by package (node_modules) or project folder, largest first. */
  evaluationByPackage: Array<{ name: string; ms: number; share: number }>;
}

const LOADER = '(loader: read, compile and link the bundle)';
const BUILTINS = '(node built-ins the bundle imports, loaded at link time)';
const GC = '(v8 garbage collector)';
const ms1 = (x: number): number => Math.round(x * 10) / 10;

const importProbe = (file: string): string => `const c=process.cpuUsage(), t=performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)});
const w=performance.now()-t, u=process.cpuUsage(c); process.stdout.write(JSON.stringify({ wallMs: w, cpuMs: (u.user+u.system)/1000 }));`;

function importOnce(file: string): InitSample {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', importProbe(file)], { encoding: 'utf8', env: { ...process.env, ...FUNCTION_ENV } });
  if (run.status !== 0) throw new Error(`bundle ${file} failed to load: ${run.stderr}`);
  return JSON.parse(run.stdout) as InitSample;
}

/** Where a source file of the bundle belongs: its package, or its folder in the project. */
function ownerOf(source: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (inModules) return inModules[1]!;
  const project = /(?:^|\/)(shared|lambdas|cdk|local)\/([^/]+)/.exec(source);
  return project ? `(project) ${project[1]}/${project[2]}` : source;
}

interface CpuProfile {
  nodes: Array<{
    id: number; children?: number[]; positionTicks?: Array<{ line: number; ticks: number }>;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }>;
  samples: number[];
  timeDeltas: number[];
}

// The profiler runs in the importing process around the import alone (not Node's own start-up).
const profiledImportProbe = (file: string, out: string): string => `
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
await import(${JSON.stringify(pathToFileURL(file).href)});
const { profile } = await session.post('Profiler.stop');
writeFileSync(${JSON.stringify(out)}, JSON.stringify(profile));`;

/**
 * Where the import of `file` spends its time. Each sample goes to the package whose code ran, line by
 * line through the source map (a bundle's top level runs many packages' statements in one function);
 * time in Node's built-ins or V8 goes to the package that called them, and what no bundle code called
 * is the loader's (reading, compiling and linking the bundle, and the built-ins its imports load).
 */
function attributeInit(file: string): Attribution {
  const dir = mkdtempSync(join(tmpdir(), 'bhxh-cpuprof-'));
  try {
    const out = join(dir, 'init.cpuprofile');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', profiledImportProbe(file, out)], { encoding: 'utf8', env: { ...process.env, ...FUNCTION_ENV } });
    if (run.status !== 0) throw new Error(`bundle ${file} failed to load under the profiler: ${run.stderr}`);
    const profile = JSON.parse(readFileSync(out, 'utf8')) as CpuProfile;
    const map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload);
    const bundleUrl = pathToFileURL(file).href;
    const ownerAt = (line: number, column: number): string => {
      const entry = map.findEntry(line, column);
      return 'originalSource' in entry ? ownerOf(entry.originalSource) : '(bundle glue)';
    };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const nearestBundleFrame = (id: number): CpuProfile['nodes'][number] | undefined => {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const n = byId.get(at)!;
        if (n.callFrame.url === bundleUrl) return n;
      }
      return undefined;
    };
    const selfMs = new Map<number, number>();
    profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
    const total = new Map<string, number>();
    const add = (owner: string, ms: number): void => { total.set(owner, (total.get(owner) ?? 0) + ms); };
    for (const [id, ms] of selfMs) {
      const n = byId.get(id)!;
      const { url, functionName } = n.callFrame;
      if (functionName === '(idle)' || url === 'node:inspector' || url === 'node:inspector/promises') continue;
      if (url === bundleUrl) {
        const ticks = n.positionTicks ?? [];
        const all = ticks.reduce((a, t) => a + t.ticks, 0);
        if (!all) add(ownerAt(n.callFrame.lineNumber, n.callFrame.columnNumber), ms);
        for (const t of ticks) add(ownerAt(t.line - 1, 1_000), (ms * t.ticks) / all);
        continue;
      }
      const caller = nearestBundleFrame(id);
      if (caller) add(ownerAt(caller.callFrame.lineNumber, caller.callFrame.columnNumber), ms);
      else if (functionName === '(garbage collector)') add(GC, ms);
      else add(url.startsWith('node:') && !url.startsWith('node:internal/modules/') ? BUILTINS : LOADER, ms);
    }
    return { sampledMs: [...total.values()].reduce((x, y) => x + y, 0), byOwner: total };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The deployed bundle's profile splits compiling from evaluating (an unminified build compiles
 * slower); an unminified build of the same code, whose lines map to sources, splits the evaluation
 * by package (a minified bundle's top level is one line).
 */
function profileInit(deployed: string, readable: string): InitProfile {
  const whole = attributeInit(deployed);
  const byPackage = [...attributeInit(readable).byOwner.entries()].filter(([name]) => name !== LOADER && name !== BUILTINS && name !== GC);
  const evaluated = byPackage.reduce((a, [, ms]) => a + ms, 0);
  return {
    sampledMs: Math.round(whole.sampledMs),
    compileMs: ms1(whole.byOwner.get(LOADER) ?? 0),
    builtinsMs: ms1(whole.byOwner.get(BUILTINS) ?? 0),
    gcMs: ms1(whole.byOwner.get(GC) ?? 0),
    evaluationByPackage: byPackage.sort((a, b) => b[1] - a[1]).slice(0, 10)
      .map(([name, ms]) => ({ name, ms: ms1(ms), share: Math.round((ms / evaluated) * 100) / 100 })),
  };
}

export interface SdkBaselineStats extends BundleStats {
  /** The @aws-sdk packages and names the function imports, which the baseline imports too. */
  sdk: SdkUse['imports'];
}
export type BundleReport = Record<LambdaName, BundleStats & { initRatio: number; initCpuRatio: number }> & { sdkBaseline: Record<LambdaName, SdkBaselineStats> };

/**
 * Bundles each Lambda and its SDK-only baseline (bench/sdk-baseline.ts), then imports them in rounds,
 * each round every bundle once in turn (its starting point rotating), so a load on the shared machine
 * falls on both sides of each ratio alike. initRatio = median init of the bundle / of its baseline.
 */
export async function runBundles(options: { quick?: boolean; profile?: boolean; rounds?: number; progress?: (line: string) => void } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bhxh-bundles-'));
  const profiles: Record<string, InitProfile & { sdkBaseline: InitProfile }> = {};
  try {
    const units: Array<{ name: LambdaName; baseline: boolean; file: string }> = [];
    const sdk = {} as Record<LambdaName, SdkUse>;
    for (const name of LAMBDAS) {
      options.progress?.(`bundle: ${name} and its SDK-only baseline`);
      const outfile = join(dir, name, 'index.mjs');
      const built = await build({ ...BUNDLE_OPTIONS, entryPoints: [`lambdas/${name}/handler.ts`], outfile, metafile: true, logLevel: 'error' });
      sdk[name] = sdkUseOf(built.metafile);
      const baseline = join(dir, name, 'sdk-baseline.mjs');
      await build({ ...BUNDLE_OPTIONS, stdin: { contents: baselineSource(sdk[name]), resolveDir: process.cwd(), loader: 'ts', sourcefile: `sdk-baseline-${name}.ts` }, outfile: baseline, logLevel: 'error' });
      units.push({ name, baseline: false, file: outfile }, { name, baseline: true, file: baseline });
    }
    const rounds = options.rounds ?? (options.quick ? 3 : 7);
    const samples = units.map((): InitSample[] => []);
    for (let r = 0; r < rounds; r++) {
      options.progress?.(`bundles: import round ${r + 1} of ${rounds}`);
      for (let k = 0; k < units.length; k++) {
        const i = (k + r) % units.length;
        samples[i]!.push(importOnce(units[i]!.file));
      }
    }
    const stats = (i: number): BundleStats => ({
      bytes: statSync(units[i]!.file).size, initMs: ms1(median(samples[i]!.map((x) => x.wallMs))), initCpuMs: ms1(median(samples[i]!.map((x) => x.cpuMs))),
    });
    const report = { sdkBaseline: {} } as BundleReport;
    units.forEach((u, i) => {
      if (u.baseline) report.sdkBaseline[u.name] = { ...stats(i), sdk: sdk[u.name].imports };
      else report[u.name] = { ...stats(i), initRatio: 0, initCpuRatio: 0 };
    });
    const ratio = (x: number, y: number): number => Math.round((x / y) * 100) / 100;
    for (const name of LAMBDAS) {
      report[name].initRatio = ratio(report[name].initMs, report.sdkBaseline[name].initMs);
      report[name].initCpuRatio = ratio(report[name].initCpuMs, report.sdkBaseline[name].initCpuMs);
    }
    if (options.profile) {
      for (const name of LAMBDAS) {
        options.progress?.(`profile: ${name}`);
        const readable = join(dir, name, 'profiled.mjs');
        await build({ ...BUNDLE_OPTIONS, minify: false, entryPoints: [`lambdas/${name}/handler.ts`], outfile: readable, logLevel: 'error' });
        const readableBaseline = join(dir, name, 'sdk-baseline-profiled.mjs');
        await build({ ...BUNDLE_OPTIONS, minify: false, stdin: { contents: baselineSource(sdk[name]), resolveDir: process.cwd(), loader: 'ts', sourcefile: `sdk-baseline-${name}.ts` }, outfile: readableBaseline, logLevel: 'error' });
        profiles[name] = { ...profileInit(join(dir, name, 'index.mjs'), readable), sdkBaseline: profileInit(join(dir, name, 'sdk-baseline.mjs'), readableBaseline) };
      }
    }
    return { bundles: report, ...(options.profile ? { profiles } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rounds = process.argv.includes('--rounds') ? Number(process.argv[process.argv.indexOf('--rounds') + 1]) : undefined;
  const result = await runBundles({
    quick: process.argv.includes('--quick'), profile: process.argv.includes('--profile'), ...(rounds ? { rounds } : {}),
    progress: (line) => process.stderr.write(`… ${line}\n`),
  });
  process.stdout.write(`${JSON.stringify({ node: process.version, ...result })}\n`);
}
