import { SERVER_THREAD_POOL_SIZE, sizeThreadPool } from '../../src/channels/thread-pool';

describe('sizeThreadPool', () => {
  it('sizes the pool when the operator did not', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(sizeThreadPool(env)).toBe(SERVER_THREAD_POOL_SIZE);
    expect(env.UV_THREADPOOL_SIZE).toBe(String(SERVER_THREAD_POOL_SIZE));
  });

  it("keeps the operator's UV_THREADPOOL_SIZE", () => {
    const env: NodeJS.ProcessEnv = { UV_THREADPOOL_SIZE: '6' };
    expect(sizeThreadPool(env)).toBe(6);
    expect(env.UV_THREADPOOL_SIZE).toBe('6');
  });
});
