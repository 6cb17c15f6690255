import { FieldError } from '../common/errors/api-error';
import { CommonErrors } from '../common/errors/common-errors';
import { listFingerprint } from '../common/pagination/cursor';
import { KeysetPosition, KeysetSort } from '../database/base.repository';
import { DEFAULT_ORDER, ListTodosQueryDto, TodoSort } from './dto/list-todos.dto';
import { isUtcCursorInstant } from '../common/validation/date-time';
import { Todo, TodoVisibility } from './todo.entity';

/** The filters of an ordinary list; the due-date time zone is added by the service. */
export interface TodoListFilters {
  completed?: boolean;
  dueFrom?: Date;
  dueTo?: Date;
  titleContains?: string;
  visibility?: TodoVisibility;
}

export type TodoListRequest =
  | {
      mode: 'list';
      sortKey: TodoSort;
      sort: KeysetSort<Todo>;
      filters: TodoListFilters;
      fingerprint: string;
    }
  | { mode: 'sync'; since?: Date; includeDeleted: boolean; fingerprint: string };

const SYNC_EXCLUSIVE_PARAMETERS = ['completed', 'dueFrom', 'dueTo', 'q', 'visibility'] as const;

/**
 * Resolves the query of GET /v1/todos into a list or a sync request, with
 * defaults applied, and fingerprints everything that shapes the result so a
 * cursor works only with the same parameters.
 */
export function resolveListRequest(query: ListTodosQueryDto): TodoListRequest {
  const since = query.updatedSince === undefined ? undefined : new Date(query.updatedSince);
  const includeDeleted = query.includeDeleted === true;

  if (since !== undefined || includeDeleted) {
    assertSyncParameters(query);
    return {
      mode: 'sync',
      since,
      includeDeleted,
      fingerprint: listFingerprint({
        list: 'todos:sync',
        updatedSince: since?.toISOString(),
        includeDeleted,
      }),
    };
  }

  const sort = query.sort ?? 'createdAt';
  const order = query.order ?? DEFAULT_ORDER[sort];
  const filters: TodoListFilters = {
    completed: query.completed,
    dueFrom: query.dueFrom === undefined ? undefined : new Date(query.dueFrom),
    dueTo: query.dueTo === undefined ? undefined : new Date(query.dueTo),
    titleContains: query.q,
    visibility: query.visibility,
  };
  if (
    filters.dueFrom !== undefined &&
    filters.dueTo !== undefined &&
    filters.dueFrom >= filters.dueTo
  ) {
    throw CommonErrors.validationFailed([
      { field: 'dueTo', message: 'dueTo must be later than dueFrom.' },
    ]);
  }

  const direction = order === 'asc' ? 'ASC' : 'DESC';
  return {
    mode: 'list',
    sortKey: sort,
    sort: { property: sort, direction, ...nullsOf(sort, direction) },
    filters,
    fingerprint: listFingerprint({
      list: 'todos',
      sort,
      order,
      completed: filters.completed,
      dueFrom: filters.dueFrom?.toISOString(),
      dueTo: filters.dueTo?.toISOString(),
      q: filters.titleContains,
      visibility: filters.visibility,
    }),
  };
}

/**
 * Rejects a decoded cursor whose value cannot be a key of the sort, so a
 * forged cursor is a 400 invalid_cursor instead of a database error.
 */
export function assertCursorFitsSort(position: KeysetPosition, sort: TodoSort): void {
  const { value } = position;
  const fits =
    sort === 'priority'
      ? Number.isInteger(value)
      : (value === null && sort === 'dueAt') || isUtcCursorInstant(value);
  if (!fits) {
    throw CommonErrors.invalidCursor();
  }
}

/**
 * due_at is the only nullable sort key. ix_todos_owner_id_due_at_id yields
 * ASC NULLS LAST and, read backwards, DESC NULLS FIRST, so an undated todo
 * counts as due after every dated one.
 */
function nullsOf(sort: TodoSort, direction: 'ASC' | 'DESC'): Pick<KeysetSort<Todo>, 'nulls'> {
  if (sort !== 'dueAt') {
    return {};
  }
  return { nulls: direction === 'ASC' ? 'LAST' : 'FIRST' };
}

function assertSyncParameters(query: ListTodosQueryDto): void {
  const errors: FieldError[] = SYNC_EXCLUSIVE_PARAMETERS.filter(
    (name) => query[name] !== undefined,
  ).map((name) => ({ field: name, message: `${name} cannot be combined with sync parameters.` }));

  if (query.sort !== undefined && query.sort !== 'updatedAt') {
    errors.push({ field: 'sort', message: 'Sync mode sorts by updatedAt only.' });
  }
  if (query.order !== undefined && query.order !== 'asc') {
    errors.push({ field: 'order', message: 'Sync mode returns changes in ascending order only.' });
  }
  if (errors.length > 0) {
    throw CommonErrors.validationFailed(errors);
  }
}
