// The window's commands are listed once, on the Rust side: every #[tauri::command] function,
// from which src-tauri/build.rs writes the handler list and permissions/app.toml. This test
// holds the UI to that list: each command the back end module calls is one the shell allows,
// each allowed command is called by the window, and the tests' double mocks every one of them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import * as real from '.';
import { backendMock } from '../../test/backendMock';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The commands permissions/app.toml allows (as build.rs wrote it). */
function allowed(): string[] {
  const toml = readFileSync(here('../../../../src-tauri/permissions/app.toml'), 'utf8');
  return [...toml.matchAll(/^\s*"([a-z_]+)",$/gm)].map((m) => m[1]);
}

/** Each exported function of index.ts that calls a command: its name and the command. */
function called(): Map<string, string> {
  const source = readFileSync(here('./index.ts'), 'utf8');
  const out = new Map<string, string>();
  for (const chunk of source.split(/\nexport /)) {
    const name = /^const (\w+) =/.exec(chunk)?.[1];
    const command = /\bcall(?:<[^>]*>)?\('([a-z_]+)'/.exec(chunk)?.[1];
    if (name && command) out.set(name, command);
  }
  return out;
}

describe('the list of window commands', () => {
  it('is the same on both sides of the bridge', () => {
    const shell = allowed();
    const ui = [...called().values()];
    expect(shell.length).toBeGreaterThan(100);
    expect(ui.filter((c) => !shell.includes(c))).toEqual([]);
    expect(shell.filter((c) => !ui.includes(c))).toEqual([]);
    expect(new Set(shell).size).toBe(shell.length);
  });

  it('has a double for every command in the tests', async () => {
    const mock = await backendMock(async () => real);
    const missing = [...called().keys()].filter((name) => !vi.isMockFunction((mock as Record<string, unknown>)[name]));
    expect(missing).toEqual([]);
  });
});
