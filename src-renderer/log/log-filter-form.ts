import type { DetectionName, EventAction, EventRisk } from '../../src-shared/activity-event.ts';
import type { LogFilters } from '../../src-shared/bridge.ts';

/** The longest text a filter field sends (the host refuses longer ones). */
export const maxTextChars = 256;

/** The time ranges the filter offers. */
export const timeRanges = {
  all: { label: 'All time', ms: null },
  hour: { label: 'Last hour', ms: 60 * 60 * 1000 },
  day: { label: 'Last 24 hours', ms: 24 * 60 * 60 * 1000 },
  week: { label: 'Last 7 days', ms: 7 * 24 * 60 * 60 * 1000 },
  month: { label: 'Last 30 days', ms: 30 * 24 * 60 * 60 * 1000 },
} as const;

export type TimeRange = keyof typeof timeRanges;

/** The filter bar's fields as the user set them; empty means "any". */
export interface LogFilterForm {
  time: TimeRange;
  detection: DetectionName | '';
  risk: EventRisk | '';
  action: EventAction | '';
  user: string;
  destination: string;
  search: string;
}

/** No filter at all. */
export const emptyFilterForm: LogFilterForm = {
  time: 'all',
  detection: '',
  risk: '',
  action: '',
  user: '',
  destination: '',
  search: '',
};

/** The filters the host understands, leaving out every field set to "any". */
export function toLogFilters(form: LogFilterForm, nowMs: number): LogFilters {
  const filters: LogFilters = {};
  const rangeMs = timeRanges[form.time].ms;
  if (rangeMs !== null) {
    filters.since = new Date(nowMs - rangeMs).toISOString();
  }
  if (form.detection !== '') {
    filters.detection = form.detection;
  }
  if (form.risk !== '') {
    filters.risk = form.risk;
  }
  if (form.action !== '') {
    filters.action = form.action;
  }

  // Text fields, trimmed; the host caps their length
  const user = form.user.trim();
  const destination = form.destination.trim();
  const search = form.search.trim();
  if (user !== '') {
    filters.user = user.slice(0, maxTextChars);
  }
  if (destination !== '') {
    filters.destination = destination.slice(0, maxTextChars);
  }
  if (search !== '') {
    filters.search = search.slice(0, maxTextChars);
  }
  return filters;
}
