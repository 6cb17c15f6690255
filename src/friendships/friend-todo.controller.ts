import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../common/auth/authenticated-user';
import { ProblemDetailsDto } from '../common/errors/problem-details.dto';
import { IdParam } from '../common/http/id-param';
import { PaginationQueryDto } from '../common/pagination/pagination.dto';
import { FriendTodoPageDto } from './dto/friend-todo.dto';
import { FriendTodoService } from './friend-todo.service';

@ApiTags('friends')
@ApiBearerAuth()
@ApiResponse({
  status: 400,
  description: 'validation_failed, invalid_id or invalid_cursor',
  type: ProblemDetailsDto,
})
@ApiResponse({ status: 401, description: 'unauthorized', type: ProblemDetailsDto })
@Controller('v1/friends')
export class FriendTodoController {
  constructor(private readonly friendTodos: FriendTodoService) {}

  @Get(':userId/todos')
  @ApiOperation({
    summary:
      "List an accepted friend's live todos with visibility friends, newest first, without notes.",
  })
  @ApiResponse({ status: 200, type: FriendTodoPageDto })
  @ApiResponse({
    status: 404,
    description: 'profile_not_found: not an accepted friend, blocked either way, or no such user',
    type: ProblemDetailsDto,
  })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('userId') friendId: string,
    @Query() query: PaginationQueryDto,
  ): Promise<FriendTodoPageDto> {
    const page = await this.friendTodos.list(user.id, friendId, query);

    const response = new FriendTodoPageDto();
    response.data = page.data;
    response.nextCursor = page.nextCursor;
    return response;
  }
}
