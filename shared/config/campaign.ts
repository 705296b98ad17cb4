// Which campaign is in force, chosen in one place for every component: the file named by
// BHXH_CAMPAIGN_FILE (the Lambdas get it from the CDK context bhxh:campaignFile, `npm start` from
// --campaign), else the bundled default, campaign-2023-12.json.
import { readFileSync } from 'node:fs';
import { loadCampaign, validateCampaign, type Campaign } from '../domain/campaign.ts';
import defaultCampaignData from './campaign-2023-12.json' with { type: 'json' };

/** The bundled default campaign's file, relative to the project root (the CDK app's default). */
export const DEFAULT_CAMPAIGN_FILE = 'shared/config/campaign-2023-12.json';

/** A campaign file that cannot be used: unreadable, not JSON, or failing validation. */
export class CampaignFileError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`campaign file ${file} is not usable:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CampaignFileError';
  }
}

/** Reads and validates a campaign file: the campaign, or every problem found (never throws). */
export function checkCampaignFile(file: string): { campaign: Campaign } | { problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [`cannot read the file: ${(error as Error).message}`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { problems: [`not valid JSON: ${(error as Error).message}`] };
  }
  return validateCampaign(raw);
}

/** The campaign of a file; throws a CampaignFileError naming the file and listing every problem. */
export function readCampaignFile(file: string): Campaign {
  const result = checkCampaignFile(file);
  if ('problems' in result) throw new CampaignFileError(file, result.problems);
  return result.campaign;
}

let cached: { file: string | undefined; campaign: Campaign } | undefined;

export function defaultCampaign(): Campaign {
  return loadCampaign(defaultCampaignData);
}

/** The campaign in force for this process, validated once (at cold start in a Lambda). */
export function currentCampaign(env: NodeJS.ProcessEnv = process.env): Campaign {
  const file = env.BHXH_CAMPAIGN_FILE || undefined;
  if (cached && cached.file === file) return cached.campaign;
  const campaign = file ? readCampaignFile(file) : defaultCampaign();
  cached = { file, campaign };
  return campaign;
}
