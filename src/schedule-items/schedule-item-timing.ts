import { FieldError } from '../common/errors/api-error';
import { ScheduleItemErrors } from './schedule-item-errors';
import { MAX_DURATION_DAYS, MAX_DURATION_MS, ScheduleItem } from './schedule-item.entity';

/** The time fields of a create request, or of an item merged with a PATCH, before validation. */
export interface TimingDraft {
  allDay: boolean;
  startsAt?: Date;
  endsAt?: Date;
  startDate?: string;
  endDate?: string;
}

/** The times of a valid item; an all-day item's instants follow from its dates and time zone. */
export type Timing =
  | { allDay: false; startsAt: Date; endsAt: Date }
  | { allDay: true; startDate: string; endDate: string };

export interface TimingInput {
  allDay?: boolean;
  startsAt?: string;
  endsAt?: string;
  startDate?: string;
  endDate?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Builds the draft of a new item: timed unless allDay is true. */
export function draftOfCreate(input: TimingInput): TimingDraft {
  return { allDay: input.allDay ?? false, ...sentTimes(input) };
}

/**
 * Builds the draft of an item after a PATCH. The item keeps the times of its kind
 * unless the request sends new ones. When allDay switches, the old kind's
 * times are dropped, so the request must send the new kind's.
 */
export function draftOfUpdate(current: ScheduleItem, input: TimingInput): TimingDraft {
  const allDay = input.allDay ?? current.allDay;
  let kept: Omit<TimingDraft, 'allDay'> = {};
  if (allDay === current.allDay) {
    kept = current.allDay
      ? { startDate: current.startDate ?? undefined, endDate: current.endDate ?? undefined }
      : { startsAt: current.startsAt, endsAt: current.endsAt };
  }
  return { allDay, ...kept, ...sentTimes(input) };
}

/**
 * Validates a draft, the one path that create and PATCH share, and raises
 * validation_failed with every problem found. Durations count 366 days at
 * most: in milliseconds for a timed item, in calendar days for an all-day one.
 */
export function resolveTiming(draft: TimingDraft): Timing {
  const errors = draft.allDay ? allDayErrors(draft) : timedErrors(draft);
  if (errors.length > 0) {
    throw ScheduleItemErrors.invalidTiming(errors);
  }
  return draft.allDay
    ? { allDay: true, startDate: draft.startDate as string, endDate: draft.endDate as string }
    : { allDay: false, startsAt: draft.startsAt as Date, endsAt: draft.endsAt as Date };
}

function timedErrors(draft: TimingDraft): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['startDate', 'endDate'] as const) {
    if (draft[field] !== undefined) {
      errors.push({ field, message: `${field} belongs to all-day items; send allDay: true.` });
    }
  }
  for (const field of ['startsAt', 'endsAt'] as const) {
    if (draft[field] === undefined) {
      errors.push({ field, message: `${field} is required for an item that is not all-day.` });
    }
  }
  const { startsAt, endsAt } = draft;
  if (startsAt !== undefined && endsAt !== undefined) {
    const duration = endsAt.getTime() - startsAt.getTime();
    if (duration <= 0) {
      errors.push({ field: 'endsAt', message: 'endsAt must be later than startsAt.' });
    } else if (duration > MAX_DURATION_MS) {
      errors.push({
        field: 'endsAt',
        message: `endsAt must be at most ${MAX_DURATION_DAYS} days after startsAt.`,
      });
    }
  }
  return errors;
}

function allDayErrors(draft: TimingDraft): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['startsAt', 'endsAt'] as const) {
    if (draft[field] !== undefined) {
      errors.push({
        field,
        message: `${field} of an all-day item follows from its dates; send startDate and endDate instead.`,
      });
    }
  }
  for (const field of ['startDate', 'endDate'] as const) {
    if (draft[field] === undefined) {
      errors.push({ field, message: `${field} is required for an all-day item.` });
    }
  }
  const { startDate, endDate } = draft;
  if (startDate !== undefined && endDate !== undefined) {
    const days =
      (Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / DAY_MS;
    if (days <= 0) {
      errors.push({
        field: 'endDate',
        message: 'endDate is exclusive and must be later than startDate.',
      });
    } else if (days > MAX_DURATION_DAYS) {
      errors.push({
        field: 'endDate',
        message: `endDate must be at most ${MAX_DURATION_DAYS} days after startDate.`,
      });
    }
  }
  return errors;
}

/** Returns the time fields present in the request, with instants parsed. */
function sentTimes(input: TimingInput): Omit<TimingDraft, 'allDay'> {
  const times: Omit<TimingDraft, 'allDay'> = {};
  if (input.startsAt !== undefined) {
    times.startsAt = new Date(input.startsAt);
  }
  if (input.endsAt !== undefined) {
    times.endsAt = new Date(input.endsAt);
  }
  if (input.startDate !== undefined) {
    times.startDate = input.startDate;
  }
  if (input.endDate !== undefined) {
    times.endDate = input.endDate;
  }
  return times;
}
