import fs from 'node:fs';
import path from 'node:path';

describe('bin/socbot.js', () => {
  const bin = path.join(__dirname, '../../bin/socbot.js');

  it('is an executable node script that runs the compiled CLI main()', () => {
    const mode = fs.statSync(bin).mode;
    expect(mode & 0o111).not.toBe(0);
    const source = fs.readFileSync(bin, 'utf8');
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(source).toMatch(/require\('\.\.\/dist\/src\/cli\/main\.js'\)\s*\.main\(process\.argv\)/);
  });

  it('is what package.json installs as the socbot command, next to a build that compiles src/cli', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin.socbot).toBe('bin/socbot.js');
    expect(fs.existsSync(path.join(__dirname, '../../src/cli/main.ts'))).toBe(true);
  });
});
