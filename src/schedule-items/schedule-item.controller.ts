import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../common/auth/authenticated-user';
import { IfMatch, IfMatchHeader } from '../common/http/entity-tag';
import { IdParam } from '../common/http/id-param';
import { SetsLocation } from '../common/http/resource-headers';
import { IdempotencyKeyHeader } from '../common/idempotency/idempotency-key.header';
import { CreateScheduleItemDto } from './dto/create-schedule-item.dto';
import { ListScheduleItemsQueryDto, ScheduleItemPageDto } from './dto/list-schedule-items.dto';
import {
  ScheduleItemResponseDto,
  ScheduleItemTombstoneDto,
} from './dto/schedule-item-response.dto';
import { UpdateScheduleItemDto } from './dto/update-schedule-item.dto';
import { ScheduleItemService } from './schedule-item.service';

const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description:
    'Applies the request only if the item still has this ETag, such as "3" (W/"3" is accepted too); * matches any version. A stale one is 412 precondition_failed.',
};

/**
 * CRUD and the window list of schedule items. GET conflicts and the .ics
 * export live in ScheduleWindowController; Fastify matches those static
 * paths before the :id parameter, whatever the registration order.
 */
@ApiTags('schedule-items')
@ApiBearerAuth()
@Controller('v1/schedule-items')
export class ScheduleItemController {
  constructor(private readonly items: ScheduleItemService) {}

  @Post()
  @SetsLocation('/v1/schedule-items')
  @ApiOperation({
    summary:
      'Create a schedule item: timed with startsAt and endsAt, or allDay with startDate and endDate; sends Location and ETag.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      '1 to 255 visible ASCII characters. For 24 hours, repeating the key with the same body returns the first response without creating another item, and with another body is 422 idempotency_key_reused.',
  })
  @ApiResponse({ status: 201, type: ScheduleItemResponseDto })
  @ApiResponse({ status: 400, description: 'validation_failed' })
  @ApiResponse({ status: 422, description: 'idempotency_key_reused' })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateScheduleItemDto,
    @IdempotencyKeyHeader() idempotencyKey: string | undefined,
  ): Promise<ScheduleItemResponseDto> {
    return this.items.create(user.id, body, idempotencyKey);
  }

  @Get()
  @ApiOperation({
    summary:
      'List your items that overlap [from, to), ordered by startsAt then id; with updatedSince or includeDeleted=true, the changes of items in the window (sync mode).',
  })
  @ApiResponse({ status: 200, type: ScheduleItemPageDto })
  @ApiResponse({ status: 400, description: 'validation_failed or invalid_cursor' })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListScheduleItemsQueryDto,
  ): Promise<ScheduleItemPageDto> {
    const page = await this.items.list(user.id, query);

    const response = new ScheduleItemPageDto();
    response.data = page.items.map((item) =>
      item.deletedAt === null
        ? ScheduleItemResponseDto.from(item)
        : ScheduleItemTombstoneDto.from({ ...item, deletedAt: item.deletedAt }),
    );
    response.nextCursor = page.nextCursor;
    return response;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read one of your schedule items; sends ETag.' })
  @ApiResponse({ status: 200, type: ScheduleItemResponseDto })
  @ApiResponse({ status: 404, description: 'schedule_item_not_found' })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') id: string,
  ): Promise<ScheduleItemResponseDto> {
    return ScheduleItemResponseDto.from(await this.items.get(user.id, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change fields of a schedule item; null clears notes or location. The merged item is validated as a new one would be.',
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiResponse({ status: 200, type: ScheduleItemResponseDto })
  @ApiResponse({ status: 400, description: 'validation_failed' })
  @ApiResponse({ status: 404, description: 'schedule_item_not_found' })
  @ApiResponse({ status: 412, description: 'precondition_failed' })
  async update(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') id: string,
    @Body() body: UpdateScheduleItemDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<ScheduleItemResponseDto> {
    return ScheduleItemResponseDto.from(await this.items.update(user.id, id, body, ifMatch));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Soft-delete a schedule item; a deleted item is not found.' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiResponse({ status: 204 })
  @ApiResponse({ status: 404, description: 'schedule_item_not_found' })
  @ApiResponse({ status: 412, description: 'precondition_failed' })
  async remove(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') id: string,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<void> {
    await this.items.remove(user.id, id, ifMatch);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo the soft delete of a schedule item; sends ETag.' })
  @ApiResponse({ status: 200, type: ScheduleItemResponseDto })
  @ApiResponse({
    status: 404,
    description: 'schedule_item_not_found, also when the item is not deleted',
  })
  async restore(
    @CurrentUser() user: AuthenticatedUser,
    @IdParam('id') id: string,
  ): Promise<ScheduleItemResponseDto> {
    return ScheduleItemResponseDto.from(await this.items.restore(user.id, id));
  }
}
