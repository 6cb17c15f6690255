import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { IfMatch } from '../common/http/entity-tag';
import { idempotentRequest, IdempotencyService } from '../common/idempotency/idempotency.service';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { SyncClockRepository } from '../common/sync/sync-clock.repository';
import { SyncedResourceWrites } from '../common/sync/synced-resource-writes';
import { UNSCOPED } from '../database/base.repository';
import { TransactionRunner } from '../database/transaction-runner';
import { ProfileRepository } from '../profile/profile.repository';
import { CreateTodoDto } from './dto/create-todo.dto';
import { ListTodosQueryDto } from './dto/list-todos.dto';
import { TodoResponseDto } from './dto/todo-response.dto';
import { UpdateTodoDto } from './dto/update-todo.dto';
import { TODO_CONSTRAINT_ERRORS, TodoErrors } from './todo-errors';
import { assertCursorFitsSort, resolveListRequest, TodoListFilters } from './todo-list-request';
import { Todo } from './todo.entity';
import { TodoRepository } from './todo.repository';

/** The sync clock collection of todos. */
export const TODO_COLLECTION = 'todos';

const CREATE_OPERATION = 'POST /v1/todos';

export interface TodoPage {
  /** Live todos, and deleted ones only in a sync with includeDeleted. */
  todos: Todo[];
  nextCursor: string | null;
}

/**
 * Todos of the calling user. Every write first advances the owner's sync
 * clock, which also makes the owner's todo writes run one at a time, so no
 * concurrent change can slip between a read and the write that follows it
 * in one transaction.
 */
@Injectable()
export class TodoService {
  private readonly logger = new Logger(TodoService.name);

  private readonly writes: SyncedResourceWrites<Todo>;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly todos: TodoRepository,
    private readonly clock: SyncClockRepository,
    private readonly profiles: ProfileRepository,
    private readonly idempotency: IdempotencyService,
  ) {
    this.writes = new SyncedResourceWrites(todos, clock, TODO_COLLECTION, TodoErrors);
  }

  /**
   * Creates a todo and returns its response body. With an Idempotency-Key the
   * body is stored with the key, and a repeat returns that first body, so the
   * service returns the response rather than the entity.
   */
  async create(
    ownerId: string,
    input: CreateTodoDto,
    idempotencyKey: string | undefined,
  ): Promise<TodoResponseDto> {
    assertDueIsExclusive(input.dueAt ?? null, input.dueDate ?? null);
    const request =
      idempotencyKey === undefined
        ? undefined
        : idempotentRequest(idempotencyKey, CREATE_OPERATION, input);

    return this.transactions.run(
      async (manager) => {
        if (request !== undefined) {
          const replay = await this.idempotency.begin(manager, ownerId, request);
          if (replay !== null) {
            return replay.body as TodoResponseDto;
          }
        }

        const stamp = await this.clock.tick(manager, ownerId, TODO_COLLECTION);
        const todo = await this.todos.insert(manager, {
          ownerId,
          title: input.title,
          notes: input.notes ?? null,
          completedAt: input.completed === true ? stamp : null,
          dueAt: toInstant(input.dueAt),
          dueDate: input.dueDate ?? null,
          priority: input.priority,
          visibility: input.visibility,
          createdAt: stamp,
          updatedAt: stamp,
        });
        const response = TodoResponseDto.from(todo);

        if (request !== undefined) {
          await this.idempotency.complete(manager, ownerId, request, {
            status: 201,
            body: response,
          });
        }
        return response;
      },
      { constraintErrors: TODO_CONSTRAINT_ERRORS },
    );
  }

  async get(ownerId: string, id: string): Promise<Todo> {
    const todo = await this.todos.findById(this.transactions.manager, { ownerId }, id);
    if (todo === null) {
      throw TodoErrors.notFound();
    }
    return todo;
  }

  async list(ownerId: string, query: ListTodosQueryDto): Promise<TodoPage> {
    const request = resolveListRequest(query);
    const after =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor, request.fingerprint);
    if (after !== undefined) {
      assertCursorFitsSort(after, request.mode === 'sync' ? 'updatedAt' : request.sortKey);
    }

    const manager = this.transactions.manager;
    const scope = { ownerId };
    const page = { limit: query.limit, after };
    const result =
      request.mode === 'sync'
        ? await this.todos.listChanges(manager, scope, request, page)
        : await this.todos.listLive(
            manager,
            scope,
            request.sort,
            {
              ...request.filters,
              dueDateTimeZone: await this.dueTimeZoneOf(manager, ownerId, request.filters),
            },
            page,
          );

    return {
      todos: result.rows,
      nextCursor: result.next === null ? null : encodeCursor(result.next, request.fingerprint),
    };
  }

  /** Applies the fields present in the update to a live todo, after checking If-Match. */
  async update(
    ownerId: string,
    id: string,
    input: UpdateTodoDto,
    ifMatch: IfMatch | undefined,
  ): Promise<Todo> {
    return this.transactions.run(
      (manager) =>
        this.writes.update(manager, ownerId, id, ifMatch, (current, stamp) =>
          Promise.resolve(changesOf(current, input, stamp)),
        ),
      { constraintErrors: TODO_CONSTRAINT_ERRORS },
    );
  }

  /** Soft-deletes a live todo after checking If-Match; a deleted one is not found. */
  async remove(ownerId: string, id: string, ifMatch: IfMatch | undefined): Promise<void> {
    await this.transactions.run((manager) => this.writes.remove(manager, ownerId, id, ifMatch));
  }

  /** Undoes a soft delete; a todo that is live or does not exist is not found. */
  async restore(ownerId: string, id: string): Promise<Todo> {
    return this.transactions.run((manager) => this.writes.restore(manager, ownerId, id));
  }

  /** Soft-deletes all the owner's todos inside the caller's transaction, for account deletion. */
  async deleteAllOfOwner(manager: EntityManager, ownerId: string): Promise<void> {
    const count = await this.writes.deleteAllOfOwner(manager, ownerId);
    this.logger.debug({ ownerId, count }, 'Todos of a deleted account soft-deleted');
  }

  /**
   * Returns the time zone a dueDate is read in: the owner's profile time
   * zone, else UTC. Only a due window needs it, so other lists skip the read.
   */
  private async dueTimeZoneOf(
    manager: EntityManager,
    ownerId: string,
    filters: TodoListFilters,
  ): Promise<string> {
    if (filters.dueFrom === undefined && filters.dueTo === undefined) {
      return 'UTC';
    }
    // NOTE: profiles validate time zones against the ICU data of Node.js; a name
    // that PostgreSQL's time zone data lacks makes the due window query fail.
    const profile = await this.profiles.findById(manager, UNSCOPED, ownerId);
    return profile?.timeZone ?? 'UTC';
  }
}

/** Builds the UPDATE for the fields present, or returns undefined when none is. */
function changesOf(
  current: Todo,
  input: UpdateTodoDto,
  stamp: Date,
): QueryDeepPartialEntity<Todo> | undefined {
  const present = Object.values(input).some((value) => value !== undefined);
  if (!present) {
    return undefined;
  }

  const dueAt = input.dueAt === undefined ? current.dueAt : toInstant(input.dueAt);
  const dueDate = input.dueDate === undefined ? current.dueDate : input.dueDate;
  assertDueIsExclusive(dueAt, dueDate);

  const changes: QueryDeepPartialEntity<Todo> = { updatedAt: stamp, dueAt, dueDate };
  if (input.title !== undefined) {
    changes.title = input.title;
  }
  if (input.notes !== undefined) {
    changes.notes = input.notes;
  }
  if (input.priority !== undefined) {
    changes.priority = input.priority;
  }
  if (input.visibility !== undefined) {
    changes.visibility = input.visibility;
  }
  if (input.completed !== undefined) {
    // Completing a completed todo keeps its original completion time.
    changes.completedAt = input.completed ? (current.completedAt ?? stamp) : null;
  }
  return changes;
}

function assertDueIsExclusive(dueAt: Date | string | null, dueDate: string | null): void {
  if (dueAt !== null && dueDate !== null) {
    throw TodoErrors.dueAtAndDueDate();
  }
}

function toInstant(value: string | null | undefined): Date | null {
  return value === undefined || value === null ? null : new Date(value);
}
