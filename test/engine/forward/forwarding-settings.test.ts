import { describe, expect, it } from 'vitest';

import { parsePolicy, type PolicyError } from '../../../src-main/engine/policy/load-policy.ts';

/** The errors a policy with this `forwarding` section gets, or [] when it is valid. */
function errorsFor(forwarding: unknown): PolicyError[] {
  const result = parsePolicy(JSON.stringify({ version: 1, forwarding }));
  return result.ok ? [] : result.errors;
}

const syslog = { name: 'siem', kind: 'syslog', host: 'siem.example.com' };
const hec = {
  name: 'hec',
  kind: 'splunk-hec',
  url: 'https://hec.example.com:8088/services/collector/event',
  token: 't',
};

describe('the forwarding policy section', () => {
  it('forwards nothing when a policy has no forwarding section', () => {
    const result = parsePolicy('{"version": 1}');

    expect(result.ok && result.policy.forwarding.targets).toEqual([]);
    expect(result.ok && result.policy.forwarding.outbox).toEqual({
      maxEvents: 100_000,
      overflow: 'drop-oldest',
    });
  });

  it('fills in TLS, port 6514, CEF and the auth facility for a syslog target', () => {
    const result = parsePolicy(JSON.stringify({ version: 1, forwarding: { targets: [syslog] } }));

    expect(result.ok && result.policy.forwarding.targets[0]).toEqual({
      ...syslog,
      port: 6514,
      transport: 'tls',
      format: 'cef',
      facility: 'auth',
      tls: {},
    });
  });

  it('refuses a collector URL that is not https', () => {
    expect(errorsFor({ targets: [{ ...hec, url: 'http://hec.example.com/' }] })).toEqual([
      { path: '$.forwarding.targets[0].url', message: 'expected an https:// URL' },
    ]);
  });

  it('wants exactly one of token and tokenFile', () => {
    const both = errorsFor({ targets: [{ ...hec, tokenFile: '/etc/copywarden/hec.token' }] });
    const neither = errorsFor({ targets: [{ ...hec, token: undefined }] });

    expect(both).toEqual([
      { path: '$.forwarding.targets[0]', message: 'give exactly one of token and tokenFile' },
    ]);
    expect(neither).toEqual(both);
  });

  it('refuses a token that could break the header it goes into', () => {
    const errors = errorsFor({ targets: [{ ...hec, token: 'abc\r\nX-Injected: 1' }] });

    expect(errors.map((error) => error.path)).toEqual(['$.forwarding.targets[0].token']);
  });

  it('refuses two targets with the same name, and a client certificate without its key', () => {
    const duplicate = errorsFor({ targets: [syslog, { ...hec, name: 'siem' }] });
    const halfClient = errorsFor({ targets: [{ ...syslog, tls: { clientCertFile: '/c.pem' } }] });

    expect(duplicate).toEqual([
      { path: '$.forwarding.targets', message: 'target names must be unique' },
    ]);
    expect(halfClient).toEqual([
      {
        path: '$.forwarding.targets[0].tls',
        message: 'give clientCertFile and clientKeyFile together, or neither',
      },
    ]);
  });

  it('names the path of an unknown overflow rule', () => {
    const errors = errorsFor({ outbox: { overflow: 'drop-random' } });

    expect(errors.map((error) => error.path)).toEqual(['$.forwarding.outbox.overflow']);
  });
});
