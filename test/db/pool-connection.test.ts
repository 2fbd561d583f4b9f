import { parse } from 'pg-connection-string';
import { connectionOf } from '../../src/db/pool-connection';

const PINNED = '-c default_transaction_isolation=read\\ committed -c plan_cache_mode=force_generic_plan';

describe('connectionOf (a pool config from SOCBOT_DATABASE_URL)', () => {
  it.each([
    [
      'a socket directory with a password',
      'postgres://socbot:s%40cret@/socbot?host=/var/run/postgresql&options=-c%20work_mem%3D8MB',
    ],
    ['the socket: form', 'socket://socbot:pw@/var/run/postgresql?db=socbot&options=-c%20work_mem%3D8MB'],
    [
      'a percent-escaped password',
      'postgres://socbot:p%2Fss@127.0.0.1:5433/socbot?options=-c%20work_mem%3D8MB',
    ],
    [
      'sslmode and an application name',
      'postgres://socbot@db.example:5432/socbot?sslmode=no-verify&application_name=ops&options=-c%20work_mem%3D8MB',
    ],
  ])(
    'reads %s as node-postgres does, with the URL’s options first and the pinned ones after',
    (_case, url) => {
      const { options, ...expected } = parse(url);
      const config = connectionOf(url, { readCommitted: true, genericPlans: true });
      expect(options).toBe('-c work_mem=8MB');
      expect(config).toEqual({ ...expected, options: `-c work_mem=8MB ${PINNED}` });
    },
  );

  it('keeps the socket directory, database and password of a socket URL with options (new URL() cannot read it)', () => {
    const url = 'postgres://socbot:s%40cret@/socbot?host=/var/run/postgresql&options=-c%20work_mem%3D8MB';
    expect(() => new URL(url)).toThrow();
    expect(connectionOf(url, { readCommitted: true })).toMatchObject({
      host: '/var/run/postgresql',
      database: 'socbot',
      user: 'socbot',
      password: 's@cret',
      options: '-c work_mem=8MB -c default_transaction_isolation=read\\ committed',
    });
  });

  it('passes the pinned settings alone when the URL has no options, and none when nothing is pinned', () => {
    const url = 'postgres://socbot@127.0.0.1:5432/socbot';
    expect(connectionOf(url, { readCommitted: true, genericPlans: true }).options).toBe(PINNED);
    expect(connectionOf(url, {})).not.toHaveProperty('options');
    expect(connectionOf(`${url}?options=-c%20work_mem%3D8MB`, {}).options).toBe('-c work_mem=8MB');
  });
});
