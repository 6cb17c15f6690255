/**
 * Ids derive from the user's number, so users, profiles, sessions and the
 * rows that name two users join without a lookup table. The 32 hex digits of
 * md5 get the version 4 and variant digits of a random UUID, which the API's
 * UUID checks require.
 */
export const uuidSql = (text: string): string =>
  `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;

/** SQL for the id of user number `number`, an SQL integer expression. */
export const userIdSql = (number: string): string => uuidSql(`'tandem-bench-user:' || ${number}`);

/** SQL for the id of the one session of user number `number`. */
export const sessionIdSql = (number: string): string =>
  uuidSql(`'tandem-bench-session:' || ${number}`);
