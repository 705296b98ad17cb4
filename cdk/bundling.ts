// How every Lambda is bundled, in one place: the stack's NodejsFunction and the benchmark's
// esbuild run (bench/bundle-options.ts) read these, so the measured bundle is the deployed one.

/** esbuild's target for the runtime the stack deploys (PIPELINE_RUNTIME, nodejs24.x). */
export const BUNDLE_TARGET = 'node24';
/** CommonJS dependencies (nodemailer, exceljs…) call require() on Node built-ins at run time. */
export const BUNDLE_BANNER = "import { createRequire as __bhxhCreateRequire } from 'node:module'; const require = __bhxhCreateRequire(import.meta.url);";
/** ESM first: lets esbuild tree-shake the SDK and zod/mini. */
export const BUNDLE_MAIN_FIELDS = ['module', 'main'];
/** NODE_OPTIONS of every function: stack traces point at the TypeScript (it costs init time: Node reads the map). */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';
