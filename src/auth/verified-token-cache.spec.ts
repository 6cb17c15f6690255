import { VerifiedTokenCache } from './verified-token-cache';

const CLAIMS = {
  sub: '7d7c5c8e-3f0e-4a57-9a0e-0c2b3a1f5d10',
  sid: 'a1c2e3f4-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
};
const EXPIRES_AT = 1_000;

describe('VerifiedTokenCache', () => {
  it('get returns claims before exp', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('token', CLAIMS, EXPIRES_AT);

    expect(cache.get('token', EXPIRES_AT - 1)).toEqual(CLAIMS);
  });

  it('get misses from the exp second on', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('token', CLAIMS, EXPIRES_AT);

    expect(cache.get('token', EXPIRES_AT)).toBeUndefined();
  });

  it('get drops an expired token', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('token', CLAIMS, EXPIRES_AT);
    cache.get('token', EXPIRES_AT + 1);

    expect(cache.size).toBe(0);
  });

  it('get misses an unknown token', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('token', CLAIMS, EXPIRES_AT);

    expect(cache.get('other token', 0)).toBeUndefined();
  });

  it('set evicts the oldest token when full', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('first', CLAIMS, EXPIRES_AT);
    cache.set('second', CLAIMS, EXPIRES_AT);
    cache.set('third', CLAIMS, EXPIRES_AT);

    expect(cache.get('first', 0)).toBeUndefined();
    expect(cache.get('third', 0)).toEqual(CLAIMS);
    expect(cache.size).toBe(2);
  });
});
