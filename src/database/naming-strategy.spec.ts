import { Table } from 'typeorm';
import { TandemNamingStrategy } from './naming-strategy';

describe('TandemNamingStrategy', () => {
  const strategy = new TandemNamingStrategy();

  it('primaryKeyName is pk_<table>', () => {
    expect(strategy.primaryKeyName('sessions')).toBe('pk_sessions');
  });

  it('primaryKeyName drops the schema', () => {
    expect(strategy.primaryKeyName('public.sessions')).toBe('pk_sessions');
  });

  it('primaryKeyName accepts a Table', () => {
    expect(strategy.primaryKeyName(new Table({ name: 'public.sessions' }))).toBe('pk_sessions');
  });

  it('foreignKeyName is fk_<table>_<columns>', () => {
    expect(strategy.foreignKeyName('refresh_tokens', ['session_id'])).toBe(
      'fk_refresh_tokens_session_id',
    );
  });

  it('foreignKeyName joins composite columns', () => {
    expect(strategy.foreignKeyName('public.friendships', ['user_id', 'friend_id'])).toBe(
      'fk_friendships_user_id_friend_id',
    );
  });

  it('indexName is ix_<table>_<columns>', () => {
    expect(strategy.indexName('sessions', ['user_id', 'created_at'])).toBe(
      'ix_sessions_user_id_created_at',
    );
  });

  it('uniqueConstraintName is uq_<table>_<columns>', () => {
    expect(strategy.uniqueConstraintName('public.users', ['email'])).toBe('uq_users_email');
  });

  // TypeORM names the unique constraint of a one-to-one join column that is not
  // the primary key with relationConstraintName. The foreign key on the same
  // columns is named by foreignKeyName, so the two must differ.
  it('relationConstraintName is uq_<table>_<columns>', () => {
    expect(strategy.relationConstraintName('todos', ['profile_id'])).toBe('uq_todos_profile_id');
  });

  it('relationConstraintName differs from foreignKeyName', () => {
    expect(strategy.relationConstraintName('todos', ['profile_id'])).not.toBe(
      strategy.foreignKeyName('todos', ['profile_id']),
    );
  });

  it('checkConstraintName rejects unnamed checks', () => {
    expect(() => strategy.checkConstraintName('todos', '"title" <> \'\'')).toThrow(
      /pass 'chk_todos_<rule>' to @Check/,
    );
  });
});
