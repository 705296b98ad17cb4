// Memory and timeouts of the three Lambdas, in one place: the stack deploys them and the campaign
// cost estimate (bench/cost.ts) prices them. Plain numbers, so reading them does not load the CDK.

/** Parsing a spreadsheet (SheetJS) is memory-bound; more memory is also more CPU on Lambda. */
export const PARSER_MEMORY_MB = 1024;
/** A batch of 5 uploads, each a read, a parse, a few table writes and one mail. The intake queue's
 *  visibility timeout is six times this. */
export const PARSER_TIMEOUT_SECONDS = 60;

export const REMINDER_MEMORY_MB = 512;
/** 63 provinces at the SES sandbox's one message a second, with retries, plus the digest. */
export const REMINDER_TIMEOUT_SECONDS = 300;

/** Renders the national snapshot (exceljs xlsx, csv, json, html). */
export const AGGREGATOR_MEMORY_MB = 1024;
export const AGGREGATOR_TIMEOUT_SECONDS = 120;

/** The portal renders pages and the national table (≤ 63 rows) per request; it waits on DynamoDB, not CPU. */
export const PORTAL_MEMORY_MB = 512;
export const PORTAL_TIMEOUT_SECONDS = 15;
/** A mail up to SES's 40 MB parsed in memory (postal-mime), its attachments checked by the container gate. */
export const MAIL_INTAKE_MEMORY_MB = 1024;
/** One mail per message: a read, a parse, a few writes, at most one reply. */
export const MAIL_INTAKE_TIMEOUT_SECONDS = 60;
