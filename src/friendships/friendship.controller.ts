import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../common/auth/authenticated-user';
import { ProblemDetailsDto } from '../common/errors/problem-details.dto';
import { IfMatch, IfMatchHeader } from '../common/http/entity-tag';
import { IdParam } from '../common/http/id-param';
import {
  ResponseStatusInterceptor,
  ResponseWithStatus,
} from '../common/http/response-status.interceptor';
import { IdempotencyKeyHeader } from '../common/idempotency/idempotency-key.header';
import { addresseeReferenceOf, CreateFriendshipDto } from './dto/create-friendship.dto';
import { FriendshipResponseDto } from './dto/friendship-response.dto';
import {
  friendshipListFilterOf,
  FriendshipPageDto,
  ListFriendshipsQueryDto,
} from './dto/list-friendships.dto';
import { FriendRequestService } from './friend-request.service';
import { FriendshipService } from './friendship.service';

@ApiTags('friendships')
@ApiBearerAuth()
@ApiResponse({
  status: 400,
  description: 'validation_failed, invalid_id or invalid_cursor',
  type: ProblemDetailsDto,
})
@ApiResponse({ status: 401, description: 'unauthorized', type: ProblemDetailsDto })
@Controller('v1/friendships')
@UseInterceptors(ResponseStatusInterceptor)
export class FriendshipController {
  constructor(
    private readonly requests: FriendRequestService,
    private readonly friendships: FriendshipService,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Send a friend request by addresseeId or username. If the addressee already asked you, their request is accepted instead (200).',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      '1 to 255 visible ASCII characters. For 24 hours, repeating the key with the same body returns the first response, and with another body is 422 idempotency_key_reused.',
  })
  @ApiResponse({ status: 201, description: 'A pending request.', type: FriendshipResponseDto })
  @ApiResponse({
    status: 200,
    description: "The addressee's pending request to you, now accepted.",
    type: FriendshipResponseDto,
  })
  @ApiResponse({
    status: 404,
    description: 'profile_not_found: no such live user, or one of you blocked the other',
    type: ProblemDetailsDto,
  })
  @ApiResponse({ status: 409, description: 'friendship_exists', type: ProblemDetailsDto })
  @ApiResponse({
    status: 422,
    description: 'cannot_befriend_self or idempotency_key_reused',
    type: ProblemDetailsDto,
  })
  @ApiResponse({
    status: 429,
    description:
      'friend_request_cooldown: the addressee declined your request less than 24 hours ago; Retry-After gives the seconds left',
    type: ProblemDetailsDto,
  })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateFriendshipDto,
    @IdempotencyKeyHeader() idempotencyKey: string | undefined,
  ): Promise<ResponseWithStatus<FriendshipResponseDto>> {
    const outcome = await this.requests.request(
      user.id,
      addresseeReferenceOf(body),
      idempotencyKey,
    );
    return new ResponseWithStatus(outcome.status, outcome.body);
  }

  @Get()
  @ApiOperation({
    summary:
      "List your friendships (default) or pending requests, newest first, each with the other user's public profile.",
  })
  @ApiResponse({ status: 200, type: FriendshipPageDto })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListFriendshipsQueryDto,
  ): Promise<FriendshipPageDto> {
    const page = await this.friendships.list(user.id, friendshipListFilterOf(query), query);

    const response = new FriendshipPageDto();
    response.data = page.data;
    response.nextCursor = page.nextCursor;
    return response;
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept a pending request sent to you.' })
  @ApiResponse({ status: 200, type: FriendshipResponseDto })
  @ApiResponse({
    status: 403,
    description: 'friendship_addressee_only: you sent this request',
    type: ProblemDetailsDto,
  })
  @ApiResponse({ status: 404, description: 'friendship_not_found', type: ProblemDetailsDto })
  @ApiResponse({ status: 409, description: 'friendship_not_pending', type: ProblemDetailsDto })
  async accept(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') id: string,
  ): Promise<FriendshipResponseDto> {
    return this.friendships.accept(user.id, id);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Decline a pending request sent to you; its sender may ask again 24 hours later, and you may ask them at any time.',
  })
  @ApiResponse({ status: 200, type: FriendshipResponseDto })
  @ApiResponse({
    status: 403,
    description: 'friendship_addressee_only: you sent this request',
    type: ProblemDetailsDto,
  })
  @ApiResponse({ status: 404, description: 'friendship_not_found', type: ProblemDetailsDto })
  @ApiResponse({ status: 409, description: 'friendship_not_pending', type: ProblemDetailsDto })
  async decline(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') id: string,
  ): Promise<FriendshipResponseDto> {
    return this.friendships.decline(user.id, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Cancel a pending request you sent, or end a friendship from either side.',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description:
      'Applies the request only if the friendship still has this ETag, such as "1", so a cancel cannot end a friendship that was accepted meanwhile. A stale one is 412 precondition_failed.',
  })
  @ApiResponse({ status: 204 })
  @ApiResponse({
    status: 403,
    description: 'friendship_requester_only: a pending request sent to you is declined instead',
    type: ProblemDetailsDto,
  })
  @ApiResponse({ status: 404, description: 'friendship_not_found', type: ProblemDetailsDto })
  @ApiResponse({ status: 409, description: 'friendship_declined', type: ProblemDetailsDto })
  @ApiResponse({ status: 412, description: 'precondition_failed', type: ProblemDetailsDto })
  async remove(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') id: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<void> {
    await this.friendships.remove(user.id, id, ifMatch);
  }
}
