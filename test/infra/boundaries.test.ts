// The layer boundaries are lint rules (eslint.config.js): an import across one fails `npm run lint`.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../cdk/pipeline-app.ts';

// The project's config, without type information (the snippets are not files of the project).
const eslint = new ESLint({
  cwd: PROJECT_ROOT,
  overrideConfig: [{ ...tseslint.configs.disableTypeChecked, languageOptions: { parserOptions: { projectService: false, project: false } } }],
});

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries', () => {
  it.each([
    ['shared/domain/x.ts', "import { S3Client } from '@aws-sdk/client-s3';", /knows nothing of AWS/],
    ['shared/domain/portal/x.ts', "import { Hono } from 'hono';", /nothing of AWS or HTTP/],
    ['shared/domain/portal/x.ts', "import { ROUTES } from '../../../lambdas/portal/routes.ts';", /entry points/],
    ['shared/domain/reminder/x.ts', "import { issueToken } from '../portal/auth.ts';", /do not import the portal/],
    ['shared/domain/intake/x.ts', "import { whoLabel } from '../portal/roles.ts';", /do not import the portal/],
    ['shared/domain/mail-intake/x.ts', "import { S3FileStore } from '../../adapters/s3-file-store.ts';", /knows no adapters/],
    ['shared/domain/intake/x.ts', "import { S3FileStore } from '../../adapters/s3-file-store.ts';", /knows no adapters/],
    ['shared/domain/x.ts', "import { handler } from '../../lambdas/parser/handler.ts';", /entry points/],
    ['cli/commands/x.ts', "import { startLocalStack } from '../../local/stack.ts';", /do not import each other/],
    ['local/x.ts', "import { statusCommand } from '../cli/commands/status.ts';", /do not import each other/],
    ['cli/commands/x.ts', "import { makeHandler } from '../../lambdas/reminder/handler.ts';", /Only tests import lambdas/],
    ['shared/wiring/x.ts', "import { handler } from '../../lambdas/parser/handler.ts';", /Only tests import lambdas/],
    ['local/x.ts', "import { decodeAggregatorEvent } from '../lambdas/aggregator/event.ts';", /handler entry points/],
  ])('%s may not: %s', async (filePath, code, message) => {
    const errors = await boundaryErrors(filePath, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ['shared/domain/x.ts', "import type { FileStore } from '../ports/index.ts';\nimport { INCOMING_PREFIX } from '../contract.ts';"],
    ['shared/domain/reminder/x.ts', "import { sendWithPortalButton } from '../mail/portal-button.ts';\nimport type { PortalLinks } from '../../ports/portal.ts';"],
    ['shared/domain/mail/x.ts', "import { MAIL_LINK_HOURS } from '../portal/auth.ts';"],
    ['local/x.ts', "const m = await import('../lambdas/parser/handler.ts');"],
    ['test/x.test.ts', "import { decodeAggregatorEvent } from '../lambdas/aggregator/event.ts';"],
    ['cli/commands/x.ts', "import { LOCAL_DEFAULTS } from '../../shared/local-stack/defaults.ts';"],
  ])('%s may: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
