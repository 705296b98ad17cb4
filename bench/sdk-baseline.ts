// The yardstick of a Lambda's init: a bundle of the same AWS SDK code the function's own files import
// (the same names from the same @aws-sdk packages, found in the function's bundle), with its clients
// constructed at module level, and nothing else. What a function's init costs beyond this bundle's is
// ours to cut; what this bundle costs is the SDK's (and the machine's).
import { readFileSync } from 'node:fs';
import type { Metafile } from 'esbuild';

export interface SdkUse {
  /** @aws-sdk package → the value names the function's files import from it, sorted. */
  imports: Record<string, string[]>;
}

const SDK_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+'(@aws-sdk\/[^']+)'/g;

/**
 * The SDK names the project's files in a bundle import (type-only imports left out), from the packages
 * the bundle keeps code of (an import in a file whose user the bundle tree-shook away costs nothing).
 */
export function sdkUseOf(metafile: Metafile): SdkUse {
  const kept = Object.values(metafile.outputs).flatMap((o) => Object.entries(o.inputs))
    .filter(([, i]) => i.bytesInOutput > 0).map(([file]) => file);
  const inBundle = (pkg: string): boolean => kept.some((file) => file.includes(`node_modules/${pkg}/`));
  const imports = new Map<string, Set<string>>();
  for (const file of Object.keys(metafile.inputs)) {
    if (file.includes('node_modules/') || !file.endsWith('.ts')) continue;
    for (const [, typeOnly, names, pkg] of readFileSync(file, 'utf8').matchAll(SDK_IMPORT)) {
      if (typeOnly || !inBundle(pkg!)) continue;
      const values = names!.split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type '))
        .map((n) => n.split(/\s+as\s+/)[0]!);
      if (!values.length) continue;
      const set = imports.get(pkg!) ?? new Set<string>();
      for (const v of values) set.add(v);
      imports.set(pkg!, set);
    }
  }
  return { imports: Object.fromEntries([...imports].sort(([a], [b]) => a.localeCompare(b)).map(([p, s]) => [p, [...s].sort()])) };
}

/** The baseline's source: the same imports, each client constructed as the adapters do, the rest kept. */
export function baselineSource(use: SdkUse): string {
  const lines: string[] = [];
  const kept: string[] = [];
  const local = new Map<string, string>();
  Object.entries(use.imports).forEach(([pkg, names], i) => {
    lines.push(`import { ${names.map((n) => `${n} as ${n}$${i}`).join(', ')} } from '${pkg}';`);
    for (const n of names) {
      local.set(n, `${n}$${i}`);
      kept.push(`${n}$${i}`);
    }
  });
  const clients: string[] = [];
  for (const [name, id] of local) {
    if (!name.endsWith('Client')) continue;
    if (name === 'DynamoDBDocumentClient') {
      const dynamo = local.get('DynamoDBClient');
      if (!dynamo) throw new Error('DynamoDBDocumentClient without DynamoDBClient: the baseline cannot construct it');
      clients.push(`${id}.from(new ${dynamo}({}))`);
    } else if (name !== 'DynamoDBClient' || !local.has('DynamoDBDocumentClient')) {
      clients.push(`new ${id}({})`);
    }
  }
  lines.push(`export const clients = [${clients.join(', ')}];`);
  lines.push(`export const kept = [${kept.join(', ')}];`);
  return `${lines.join('\n')}\n`;
}
