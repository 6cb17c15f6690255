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
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../common/auth/authenticated-user';
import { ProblemDetailsDto } from '../common/errors/problem-details.dto';
import { IdParam } from '../common/http/id-param';
import {
  ResponseStatusInterceptor,
  ResponseWithStatus,
} from '../common/http/response-status.interceptor';
import { PaginationQueryDto } from '../common/pagination/pagination.dto';
import { BlockService } from './block.service';
import { BlockPageDto, BlockResponseDto } from './dto/block-response.dto';
import { CreateBlockDto } from './dto/create-block.dto';

@ApiTags('blocks')
@ApiBearerAuth()
@ApiResponse({
  status: 400,
  description: 'validation_failed, invalid_id or invalid_cursor',
  type: ProblemDetailsDto,
})
@ApiResponse({ status: 401, description: 'unauthorized', type: ProblemDetailsDto })
@Controller('v1/blocks')
@UseInterceptors(ResponseStatusInterceptor)
export class BlockController {
  constructor(private readonly blocks: BlockService) {}

  @Post()
  @ApiOperation({
    summary:
      'Block a user: ends any friendship or pending request between you, and hides your profile from them. Idempotent.',
  })
  @ApiResponse({ status: 201, description: 'The new block.', type: BlockResponseDto })
  @ApiResponse({
    status: 200,
    description: 'You already blocked this user; the existing block, unchanged.',
    type: BlockResponseDto,
  })
  @ApiResponse({ status: 404, description: 'profile_not_found', type: ProblemDetailsDto })
  @ApiResponse({ status: 422, description: 'cannot_block_self', type: ProblemDetailsDto })
  async block(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateBlockDto,
  ): Promise<ResponseWithStatus<BlockResponseDto>> {
    const outcome = await this.blocks.block(user.id, body.userId);
    return new ResponseWithStatus(outcome.status, outcome.body);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Lift your block on a user; 204 also when there was none, so a retry is safe.',
  })
  @ApiResponse({ status: 204 })
  async unblock(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('userId') userId: string,
  ): Promise<void> {
    await this.blocks.unblock(user.id, userId);
  }

  @Get()
  @ApiOperation({
    summary:
      'List the users you block, newest block first, with their public profiles. A user who blocked you in turn is left out while their block lasts.',
  })
  @ApiResponse({ status: 200, type: BlockPageDto })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PaginationQueryDto,
  ): Promise<BlockPageDto> {
    const page = await this.blocks.list(user.id, query);

    const response = new BlockPageDto();
    response.data = page.data;
    response.nextCursor = page.nextCursor;
    return response;
  }
}
