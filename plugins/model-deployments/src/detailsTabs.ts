/**
 * The sections of a deployment's details, one tab each. The URL's `tab` query names the one shown, so a
 * link can open a deployment at its monitoring, logs or history.
 */
export const DETAILS_TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'monitoring', label: 'Monitoring' },
  { id: 'logs', label: 'Logs' },
  { id: 'history', label: 'History' },
] as const;

export type DetailsTabId = (typeof DETAILS_TABS)[number]['id'];

export const DETAILS_TAB_PARAM = 'tab';

/** The query of a link to a deployment's page open at `tab`: "tab=monitoring". */
export function detailsTabQuery(tab: DetailsTabId): string {
  return new URLSearchParams({ [DETAILS_TAB_PARAM]: tab }).toString();
}

/** The ids that tie a tab of a deployment's details to its panel, for assistive technology. */
export function detailsTabIds(
  deploymentId: string,
  tab: DetailsTabId,
): { tab: string; panel: string } {
  const prefix = `deployment-${deploymentId}`;
  return { tab: `${prefix}-tab-${tab}`, panel: `${prefix}-tabpanel-${tab}` };
}
