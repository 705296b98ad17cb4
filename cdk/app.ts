// Entry point of `npx cdk synth|deploy` (cdk.json: `npx tsx cdk/app.ts`). See docs/deploy.md.
// A configuration problem is printed as the list of problems (no stack trace) and fails the command.
import { createPipelineApp } from './pipeline-app.ts';

try {
  createPipelineApp({ report: (summary) => process.stderr.write(summary) }).app.synth();
} catch (error) {
  if (!(error instanceof Error) || !error.message.startsWith('Invalid deployment configuration')) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
