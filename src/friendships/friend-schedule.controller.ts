import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../common/auth/authenticated-user';
import { ProblemDetailsDto } from '../common/errors/problem-details.dto';
import { IdParam } from '../common/http/id-param';
import { FriendScheduleQueryDto, FriendSchedulePageDto } from './dto/friend-schedule-item.dto';
import { FriendScheduleService } from './friend-schedule.service';

@ApiTags('friends')
@ApiBearerAuth()
@ApiResponse({
  status: 400,
  description: 'validation_failed, invalid_id or invalid_cursor',
  type: ProblemDetailsDto,
})
@ApiResponse({ status: 401, description: 'unauthorized', type: ProblemDetailsDto })
@Controller('v1/friends')
export class FriendScheduleController {
  constructor(private readonly friendSchedule: FriendScheduleService) {}

  @Get(':userId/schedule-items')
  @ApiOperation({
    summary:
      "List an accepted friend's live items that overlap [from, to), ordered by startsAt then id: visibility friends in full without notes, busy as { id, startsAt, endsAt, allDay, busy: true }, private never.",
  })
  @ApiResponse({ status: 200, type: FriendSchedulePageDto })
  @ApiResponse({
    status: 404,
    description: 'profile_not_found: not an accepted friend, blocked either way, or no such user',
    type: ProblemDetailsDto,
  })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('userId') friendId: string,
    @Query() query: FriendScheduleQueryDto,
  ): Promise<FriendSchedulePageDto> {
    const page = await this.friendSchedule.list(user.id, friendId, query);

    const response = new FriendSchedulePageDto();
    response.data = page.data;
    response.nextCursor = page.nextCursor;
    return response;
  }
}
