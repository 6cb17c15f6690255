import { ApiError, FieldError } from '../common/errors/api-error';
import { CommonErrors } from '../common/errors/common-errors';

export enum ScheduleItemErrorCode {
  ScheduleItemNotFound = 'schedule_item_not_found',
  CalendarExportTooLarge = 'calendar_export_too_large',
}

const invalid = (field: string, message: string) =>
  CommonErrors.validationFailed([{ field, message }]);

export const ScheduleItemErrors = {
  notFound: () =>
    new ApiError(404, ScheduleItemErrorCode.ScheduleItemNotFound, 'No schedule item with this id.'),

  deletedNotFound: () =>
    new ApiError(
      404,
      ScheduleItemErrorCode.ScheduleItemNotFound,
      'No deleted schedule item with this id to restore.',
    ),

  invalidTiming: (errors: FieldError[]) => CommonErrors.validationFailed(errors),

  blankTitle: () => invalid('title', 'title must not be blank.'),

  endsNotAfterStarts: () => invalid('endsAt', 'endsAt must be later than startsAt.'),

  allDayDates: () =>
    invalid(
      'endDate',
      'An all-day item needs startDate and endDate with endDate later than startDate; a timed item has neither.',
    ),

  tooLong: () => invalid('endsAt', 'A schedule item lasts at most 366 days.'),

  unknownTimeZone: (timeZone: string) =>
    invalid(
      'timeZone',
      `The database does not know the time zone '${timeZone}'; use another IANA name for the same place.`,
    ),

  exportTooLarge: (maxItems: number) =>
    new ApiError(
      422,
      ScheduleItemErrorCode.CalendarExportTooLarge,
      `More than ${maxItems} schedule items overlap the window; export a shorter window.`,
    ),
};

/** Constraint names whose violation is a client error with a known field. */
export const SCHEDULE_ITEM_CONSTRAINT_ERRORS = {
  chk_schedule_items_title_not_blank: ScheduleItemErrors.blankTitle,
  chk_schedule_items_ends_after_starts: ScheduleItemErrors.endsNotAfterStarts,
  chk_schedule_items_all_day_dates: ScheduleItemErrors.allDayDates,
  chk_schedule_items_max_duration: ScheduleItemErrors.tooLong,
} as const;
