// Which campaign is in force: the file named by BHXH_CAMPAIGN_FILE, else the bundled default
// (the December 2023 campaign of letter 4208/BHXH-TST with the 63 provinces).
import { readFileSync } from 'node:fs';
import { loadCampaign, type Campaign } from '../domain/campaign.ts';
import defaultCampaignData from './campaign-2023-12.json' with { type: 'json' };

let cached: { file: string | undefined; campaign: Campaign } | undefined;

export function defaultCampaign(): Campaign {
  return loadCampaign(defaultCampaignData);
}

/** The campaign in force for this process, validated once (at cold start in a Lambda). */
export function currentCampaign(env: NodeJS.ProcessEnv = process.env): Campaign {
  const file = env.BHXH_CAMPAIGN_FILE || undefined;
  if (cached && cached.file === file) return cached.campaign;
  const campaign = file ? loadCampaign(JSON.parse(readFileSync(file, 'utf8'))) : defaultCampaign();
  cached = { file, campaign };
  return campaign;
}
