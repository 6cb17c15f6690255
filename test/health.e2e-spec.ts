import { startTestApp, TestApp } from './support/test-app';

describe('health', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('live answers 200 without a token', async () => {
    const response = await testApp.http.get('/health/live');
    expect(response.status).toBe(200);
  });

  it('ready answers 200 when the database answers', async () => {
    const response = await testApp.http.get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body.details.database.status).toBe('up');
  });
});
