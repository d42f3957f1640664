/**
 * The README's access table is the contract: every action runs on a read-only and a write-only
 * connection and is refused before any request exactly where the table's kind says so
 * (`ACCESS_RULES`), and every action of the piece has a row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vaultActions } from '../../src/lib/actions';
import { resolveReferencesAction } from '../../src/lib/references';
import { vaultTriggers } from '../../src/lib/triggers';
import { ACCESS_RULES } from '../../src/lib/vault/access';
import { closeAllVaultClients } from '../../src/lib/vault/registry';
import type { AccessMode, RequestAccess } from '../../src/lib/vault/types';
import { validProps } from '../helpers/action-props';
import { MemoryStore, pollingHooks, runAction, triggerContext } from '../helpers/engine';
import { rootAuth, startVault, type VaultDevServer } from '../helpers/vault-setup';

const README = readFileSync(join(__dirname, '../../README.md'), 'utf8');

/** Rows of the markdown table whose header line starts with `header`. */
function tableRows(header: string): string[][] {
  const lines = README.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  if (start < 0) throw new Error(`README has no table "${header}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

const names = (cell: string) => [...cell.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);

type Kind = RequestAccess | 'none';

/** An action's kinds: one (`read`), or several that must all be allowed (`read + write`); a note in parentheses may follow. */
const kindOf = new Map<string, Kind[]>();
for (const [cell, kind] of tableRows('| Action / trigger | Kind |')) {
  const kinds = kind.split(' (')[0].split(' + ').map((k) => k.trim() as Kind);
  for (const name of names(cell)) kindOf.set(name, kinds);
}

const actions = [...vaultActions, resolveReferencesAction];
const RESTRICTED: AccessMode[] = ['read_only', 'write_only'];

let vault: VaultDevServer;
beforeAll(async () => {
  vault = await startVault();
});
afterAll(async () => {
  await closeAllVaultClients();
  await vault.stop();
});

describe('the README access table', () => {
  it('states the rules ACCESS_RULES enforces', () => {
    const rows = tableRows('| Kind | What the request does |');
    expect(rows.map((r) => r[0]).sort()).toEqual(Object.keys(ACCESS_RULES).sort());
    for (const [kind, , ...modes] of rows) {
      const allowed = (['read_and_write', 'read_only', 'write_only'] as AccessMode[]).filter((_, i) => modes[i] === 'yes');
      expect([kind, allowed]).toEqual([kind, [...ACCESS_RULES[kind as RequestAccess].modes].sort((a, b) => order(a) - order(b))]);
    }
  });

  it('has a row for every action and trigger, and no row for anything else', () => {
    const piece = [...actions.map((a) => a.name), ...vaultTriggers.map((t) => t.name)].sort();
    expect([...kindOf.keys()].sort()).toEqual(piece);
  });
});

function order(mode: AccessMode): number {
  return ['read_and_write', 'read_only', 'write_only'].indexOf(mode);
}

function allows(kinds: Kind[], mode: AccessMode): boolean {
  return kinds.every((kind) => kind === 'none' || ACCESS_RULES[kind].modes.includes(mode));
}

/** The error a run failed with, or null when it succeeded. */
async function outcome(work: () => Promise<unknown>): Promise<{ kind?: string; message: string } | null> {
  try {
    await work();
    return null;
  } catch (e) {
    return e as { kind?: string; message: string };
  }
}

describe.each(actions.map((a) => [a.name, a] as const))('%s', (name, action) => {
  it.each(RESTRICTED)('on a %s connection is refused before any request exactly when its kind says so', async (accessMode) => {
    const kind = kindOf.get(name);
    expect(kind).toBeDefined();
    vault.clearRequests();
    const err = await outcome(() => runAction(action, rootAuth(vault, { accessMode, cacheTtlSeconds: 0 }), validProps(name), { store: new MemoryStore() }));
    // A reference the connection may not read fails the resolution (kind `reference`) with the refusal as its reason.
    const refused = !!err && err.message.includes(`this connection is ${accessMode === 'read_only' ? 'read-only' : 'write-only'}`);
    expect({ name, accessMode, refused }).toEqual({ name, accessMode, refused: !allows(kind!, accessMode) });
    if (refused) {
      expect(vault.requests).toEqual([]);
      expect(['access_denied_by_connection', 'reference']).toContain(err!.kind);
    }
  });
});

const TRIGGER_PROPS: Record<string, Record<string, unknown>> = {
  secret_updated: { path: 'secret/fuzz/p' },
  new_secret: { folder: 'secret/fuzz/' },
  certificate_expiring: { pkiPath: 'pki', withinDays: 14 },
};

describe.each(vaultTriggers.map((t) => [t.name, t] as const))('trigger %s', (name, trigger) => {
  it('is refused on a write-only connection before any request, and allowed on a read-only one', async () => {
    expect(kindOf.get(name)).toEqual(['read']);
    vault.clearRequests();
    const wo = await outcome(() => pollingHooks(trigger).onEnable(triggerContext(rootAuth(vault, { accessMode: 'write_only' }), TRIGGER_PROPS[name])));
    expect(wo?.kind).toBe('access_denied_by_connection');
    expect(vault.requests).toEqual([]);
    const ro = await outcome(() => pollingHooks(trigger).onEnable(triggerContext(rootAuth(vault, { accessMode: 'read_only' }), TRIGGER_PROPS[name])));
    expect(ro?.kind).not.toBe('access_denied_by_connection');
  });
});
