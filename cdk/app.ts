// Entry point of `npx cdk synth|deploy` (cdk.json: `npx tsx cdk/app.ts`). See docs/deploy.md.
import { createPipelineApp } from './pipeline-app.ts';

createPipelineApp().app.synth();
