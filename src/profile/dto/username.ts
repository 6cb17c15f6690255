/** Usernames: 3 to 30 of a-z, 0-9 and underscore, after lower-casing. */
export const USERNAME_PATTERN = /^[a-z0-9_]{3,30}$/;
