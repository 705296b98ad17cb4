// Deadline reminders: the pure domain (who is missing at T, the mails, the digest) and the use case.
export * from './plan.ts';
export * from './texts.ts';
export * from './digest.ts';
export * from './run.ts';
export { escapeHtml } from '../mail/html.ts';
export { officeName, type MailContent } from '../mail/common.ts';
