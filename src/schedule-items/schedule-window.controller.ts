import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser } from '../common/auth/authenticated-user';
import { ScheduleItemConflictsDto } from './dto/schedule-item-conflicts.dto';
import { ScheduleItemResponseDto } from './dto/schedule-item-response.dto';
import { WindowQueryDto } from './dto/window-query.dto';
import { MAX_EXPORT_ITEMS, ScheduleWindowService } from './schedule-window.service';

export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/**
 * Whole-window reads of schedule items. The paths are written out from /v1,
 * because /v1/schedule-items.ics is no child of /v1/schedule-items.
 */
@ApiTags('schedule-items')
@ApiBearerAuth()
@Controller('v1')
export class ScheduleWindowController {
  constructor(private readonly window: ScheduleWindowService) {}

  @Get('schedule-items/conflicts')
  @ApiOperation({
    summary:
      'Pairs of your live items that overlap each other within [from, to); first.id < second.id; at most 100 pairs.',
  })
  @ApiResponse({ status: 200, type: ScheduleItemConflictsDto })
  @ApiResponse({ status: 400, description: 'validation_failed' })
  async conflicts(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: WindowQueryDto,
  ): Promise<ScheduleItemConflictsDto> {
    const conflicts = await this.window.conflicts(user.id, query);

    const response = new ScheduleItemConflictsDto();
    response.data = conflicts.pairs.map((pair) => ({
      first: ScheduleItemResponseDto.from(pair.first),
      second: ScheduleItemResponseDto.from(pair.second),
    }));
    response.truncated = conflicts.truncated;
    return response;
  }

  @Get('schedule-items.ics')
  @Header('Content-Type', CALENDAR_CONTENT_TYPE)
  @ApiOperation({
    summary: `Your live items that overlap [from, to) as an iCalendar (RFC 5545) document, one VEVENT per item with UID <id>@tandem. More than ${MAX_EXPORT_ITEMS} items is 422 calendar_export_too_large.`,
  })
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'text/calendar; charset=utf-8' })
  @ApiResponse({ status: 400, description: 'validation_failed' })
  @ApiResponse({ status: 422, description: 'calendar_export_too_large' })
  async exportCalendar(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: WindowQueryDto,
  ): Promise<string> {
    return this.window.exportCalendar(user.id, query);
  }
}
