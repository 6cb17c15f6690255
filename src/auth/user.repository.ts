import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../database/base.repository';
import { User } from './user.entity';

@Injectable()
export class UserRepository extends BaseRepository<User> {
  constructor() {
    super(User);
  }
}
