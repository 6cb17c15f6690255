import { ApiError } from '../common/errors/api-error';
import { CommonErrors } from '../common/errors/common-errors';

export enum TodoErrorCode {
  TodoNotFound = 'todo_not_found',
}

export const TodoErrors = {
  notFound: () => new ApiError(404, TodoErrorCode.TodoNotFound, 'No todo with this id.'),

  deletedNotFound: () =>
    new ApiError(404, TodoErrorCode.TodoNotFound, 'No deleted todo with this id to restore.'),

  dueAtAndDueDate: () =>
    CommonErrors.validationFailed([
      {
        field: 'dueDate',
        message: 'A todo has dueAt or dueDate, not both; send null for the one to clear.',
      },
    ]),

  blankTitle: () =>
    CommonErrors.validationFailed([{ field: 'title', message: 'title must not be blank.' }]),
};

/** Constraint names whose violation is a client error with a known field. */
export const TODO_CONSTRAINT_ERRORS = {
  chk_todos_due_at_or_due_date: TodoErrors.dueAtAndDueDate,
  chk_todos_title_not_blank: TodoErrors.blankTitle,
} as const;
