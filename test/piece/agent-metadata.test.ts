/**
 * Every action says deliberately what an AI agent may call and what it should know (framework
 * 0.32 `audience` and `aiMetadata`), as the platform reads it from the piece's metadata. The
 * actions kept from agents are a contract: their output holds a secret or a new credential, or they
 * grant access (README, "AI agents").
 */
import { hashicorpVault } from '../../src';

const HUMANS_ONLY = [
  'read_secret', 'get_secret', 'resolve_references', 'unwrap', 'transit_decrypt', 'create_token', 'create_temporary_user',
  'write_policy', 'issue_certificate', 'sign_certificate', 'read_dynamic_secret', 'custom_api_call', 'read_secrets_under_path', 'sign_ssh_key',
];

const actions = Object.values(hashicorpVault.metadata().actions);

describe('actions for AI agents', () => {
  it.each(actions.map((a) => [a.name, a] as const))('%s declares its audience and what an agent should know', (_name, action) => {
    expect(['human', 'both']).toContain(action.audience);
    expect(action.aiMetadata?.description?.length ?? 0).toBeGreaterThan(40);
    expect(typeof action.aiMetadata?.idempotent).toBe('boolean');
  });

  it('keeps from agents exactly the actions whose output is a secret or a credential, or that grant access', () => {
    expect(actions.filter((a) => a.audience === 'human').map((a) => a.name).sort()).toEqual([...HUMANS_ONLY].sort());
  });

  it('offers agents the ways to use or hand off a secret without seeing it', () => {
    const byName = Object.fromEntries(actions.map((a) => [a.name, a]));
    for (const name of ['send_http_request', 'wrap_secret', 'wrap_data', 'lookup_wrapping_token']) expect(byName[name].audience).toBe('both');
    expect(byName.send_http_request.aiMetadata?.idempotent).toBe(false);
    expect(byName.issue_certificate.aiMetadata?.idempotent).toBe(false);
    expect(byName.write_secret.aiMetadata?.description).toMatch(/create mode fails when repeated/);
  });

  it('says in the description of every action that returns stored secrets that the run history keeps its output, and what to use instead', () => {
    const byName = Object.fromEntries(actions.map((a) => [a.name, a]));
    for (const name of ['read_secret', 'get_secret', 'resolve_references', 'issue_certificate']) {
      expect([name, byName[name].description]).toEqual([name, expect.stringMatching(/stored in the run history[^]*Send HTTP Request[^]*Wrap Secret/)]);
    }
  });
});
