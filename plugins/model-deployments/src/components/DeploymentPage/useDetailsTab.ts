import { useSearchParams } from 'react-router-dom';
import {
  DETAILS_TAB_PARAM,
  DETAILS_TABS,
  type DetailsTabId,
} from '../../detailsTabs';

/** The tab of the details the URL names (Overview when it names none), and a way to show another. */
export function useDetailsTab(): [DetailsTabId, (tab: DetailsTabId) => void] {
  const [params, setParams] = useSearchParams();
  const named = params.get(DETAILS_TAB_PARAM);
  const tab =
    DETAILS_TABS.find(option => option.id === named)?.id ?? 'overview';
  const show = (next: DetailsTabId) =>
    setParams(previous => {
      const changed = new URLSearchParams(previous);
      if (next === 'overview') {
        changed.delete(DETAILS_TAB_PARAM);
      } else {
        changed.set(DETAILS_TAB_PARAM, next);
      }
      return changed;
    });
  return [tab, show];
}
