import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../common/auth/authenticated-user';
import { IfMatch, IfMatchHeader } from '../common/http/entity-tag';
import { IdParam } from '../common/http/id-param';
import { SetsLocation } from '../common/http/resource-headers';
import { IdempotencyKeyHeader } from '../common/idempotency/idempotency-key.header';
import { CreateTodoDto } from './dto/create-todo.dto';
import { ListTodosQueryDto, TodoPageDto } from './dto/list-todos.dto';
import { TodoResponseDto, TodoTombstoneDto } from './dto/todo-response.dto';
import { UpdateTodoDto } from './dto/update-todo.dto';
import { TodoService } from './todo.service';

const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description:
    'Applies the request only if the todo still has this ETag, such as "3" (W/"3" is accepted too); * matches any version. A stale one is 412 precondition_failed.',
};

@ApiTags('todos')
@ApiBearerAuth()
@Controller('v1/todos')
export class TodoController {
  constructor(private readonly todos: TodoService) {}

  @Post()
  @SetsLocation('/v1/todos')
  @ApiOperation({ summary: 'Create a todo; sends Location and ETag.' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      '1 to 255 visible ASCII characters. For 24 hours, repeating the key with the same body returns the first response without creating another todo, and with another body is 422 idempotency_key_reused. A concurrent repeat waits for the first request to finish, then returns its response.',
  })
  @ApiResponse({ status: 201, type: TodoResponseDto })
  @ApiResponse({ status: 400, description: 'validation_failed' })
  @ApiResponse({ status: 422, description: 'idempotency_key_reused' })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateTodoDto,
    @IdempotencyKeyHeader() idempotencyKey: string | undefined,
  ): Promise<TodoResponseDto> {
    return this.todos.create(user.id, body, idempotencyKey);
  }

  @Get()
  @ApiOperation({
    summary:
      'List your todos, or with updatedSince or includeDeleted=true, the changes since an instant (sync mode).',
  })
  @ApiResponse({ status: 200, type: TodoPageDto })
  @ApiResponse({ status: 400, description: 'validation_failed or invalid_cursor' })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListTodosQueryDto,
  ): Promise<TodoPageDto> {
    const page = await this.todos.list(user.id, query);

    const response = new TodoPageDto();
    response.data = page.todos.map((todo) =>
      todo.deletedAt === null
        ? TodoResponseDto.from(todo)
        : TodoTombstoneDto.from({ ...todo, deletedAt: todo.deletedAt }),
    );
    response.nextCursor = page.nextCursor;
    return response;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read one of your todos; sends ETag.' })
  @ApiResponse({ status: 200, type: TodoResponseDto })
  @ApiResponse({ status: 404, description: 'todo_not_found' })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') id: string,
  ): Promise<TodoResponseDto> {
    return TodoResponseDto.from(await this.todos.get(user.id, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change fields of a todo; null clears notes, dueAt or dueDate. The result must not have both dueAt and dueDate.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiResponse({ status: 200, type: TodoResponseDto })
  @ApiResponse({ status: 400, description: 'validation_failed' })
  @ApiResponse({ status: 404, description: 'todo_not_found' })
  @ApiResponse({ status: 412, description: 'precondition_failed' })
  async update(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') id: string,
    @Body() body: UpdateTodoDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<TodoResponseDto> {
    return TodoResponseDto.from(await this.todos.update(user.id, id, body, ifMatch));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Soft-delete a todo; a deleted todo is not found.' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 404, description: 'todo_not_found' })
  @ApiResponse({ status: 412, description: 'precondition_failed' })
  async remove(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') id: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<void> {
    await this.todos.remove(user.id, id, ifMatch);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo the soft delete of a todo; sends ETag.' })
  @ApiResponse({ status: 200, type: TodoResponseDto })
  @ApiResponse({ status: 404, description: 'todo_not_found, also when the todo is not deleted' })
  async restore(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') id: string,
  ): Promise<TodoResponseDto> {
    return TodoResponseDto.from(await this.todos.restore(user.id, id));
  }
}
