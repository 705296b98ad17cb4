// One province's page: its campaign so far (the national office any province, at /tinh/<code>; a
// province its own, also under its navigation). One Query for its reports, and a narrow one for each
// date that needs its uploads (a missing or corrected date).
import { officeName } from '../../../../shared/domain/mail/common.ts';
import { landingDate } from '../../../../shared/domain/portal/dates.ts';
import { canViewProvince } from '../../../../shared/domain/portal/roles.ts';
import { buildProvinceHistory, datesNeedingUploads, type ProvinceHistory } from '../../../../shared/domain/results/province-history.ts';
import type { Principal } from '../../../../shared/ports/portal.ts';
import { forbidden, htmlPage, notFound, principalOf, provinceOf, type PortalContext, type PortalDeps } from '../../context.ts';
import { PATHS } from '../../paths.ts';
import { provinceHistoryView } from '../../views/province-history.ts';

export async function loadProvinceHistory(deps: PortalDeps, province: string, now: Date): Promise<ProvinceHistory> {
  const { campaign } = deps;
  const [reports, standingDate] = await Promise.all([deps.reports.listReportsForProvince(province), landingDate(deps, now)]);
  const dates = datesNeedingUploads(campaign, province, reports, now, standingDate);
  const submissions = (await Promise.all(dates.map((d) => deps.submissions.listForProvinceOnDate(d, province)))).flat();
  return buildProvinceHistory({ campaign, province, reports, submissions, now, standingDate });
}

async function respond(c: PortalContext, principal: Principal, province: string, current?: string): Promise<Response> {
  const { deps, now } = c.var;
  const p = deps.campaign.province(province)!;
  const history = await loadProvinceHistory(deps, province, now);
  return htmlPage(c, 200, {
    title: `Kết quả của ${officeName(p)}`, principal, ...(current ? { current } : {}),
    body: provinceHistoryView(deps.campaign, history),
  });
}

/** /tinh/<code>: any province for the national office; only its own for a province (another: 403). */
export async function provincePage(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  const province = c.req.param('code') ?? '';
  if (!canViewProvince(principal, province)) throw forbidden();
  if (!c.var.deps.campaign.province(province)) throw notFound();
  return respond(c, principal, province, principal.role === 'province' ? PATHS.ownProvince : undefined);
}

/** The province's own page under its navigation. */
export async function ownProvincePage(c: PortalContext): Promise<Response> {
  const principal = await principalOf(c);
  return respond(c, principal, provinceOf(principal), PATHS.ownProvince);
}
