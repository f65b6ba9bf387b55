import { readFileSync } from 'node:fs';
// Named import: ajv is CommonJS, and under NodeNext its default import types as the module object.
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const manifest = parse(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8'));
const schema = JSON.parse(
  readFileSync(new URL('./fixtures/slack/manifest.schema.1.0.0.json', import.meta.url), 'utf8'),
);

function compile() {
  // The schema is draft-07 (Ajv's default class). It carries Slack's own annotations
  // (`requires`, `_note`, and `regex` where `pattern` was meant): declare them so strict
  // mode stays on for everything else. `uri` is its only format; ajv-formats is not a dependency.
  // strictTypes off: one `items` of type string carries a stray `minItems` (harmless, but
  // Ajv would log a warning on every run).
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  ajv.addVocabulary(['requires', '_note', 'regex']);
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  return ajv.compile(schema);
}

const validate = compile();

function errorsOf(candidate: unknown): string {
  return validate(candidate) ? '' : JSON.stringify(validate.errors, null, 2);
}

describe('manifest.yml', () => {
  it('is valid against Slack manifest schema 1.0.0', () => {
    expect(errorsOf(manifest)).toBe('');
  });

  it('escapes mentions for every command but /tweet and /template', () => {
    const commands = Object.fromEntries(
      (manifest.features.slash_commands as Array<{ command: string; should_escape: boolean }>).map((c) => [c.command, c]),
    );
    expect(Object.keys(commands).sort()).toEqual(['/duty', '/followup', '/handover', '/report', '/template', '/tweet']);
    expect(commands['/tweet']!.should_escape).toBe(false);
    expect(commands['/template']!.should_escape).toBe(false);
    for (const name of ['/followup', '/handover', '/duty', '/report']) expect(commands[name]!.should_escape).toBe(true);
  });

  it('runs in Socket Mode with interactivity and the Home tab', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('asks for every scope and event the bot uses', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'reactions:read', 'channels:read', 'groups:read', 'users:read', 'files:read', 'files:write', 'im:write']),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['reaction_added', 'reaction_removed', 'member_joined_channel', 'member_left_channel', 'app_home_opened']),
    );
  });

  it('would reject a broken manifest (the validation is not vacuous)', () => {
    const unknownKey = structuredClone(manifest);
    unknownKey.features.bot_user.avatar = 'nope';
    expect(errorsOf(unknownKey)).toContain('additionalProperties');

    const badCommand = structuredClone(manifest);
    badCommand.features.slash_commands[0].should_escape = 'false';
    expect(errorsOf(badCommand)).toContain('must be boolean');
  });
});
