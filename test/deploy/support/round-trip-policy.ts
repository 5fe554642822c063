import { validatePolicyDocument } from '../../../src-main/engine/policy/load-policy.ts';
import type { Policy } from '../../../src-main/engine/policy/policy-schema.ts';

/**
 * A policy that differs from the defaults almost everywhere, so that a template that drops or
 * bends a setting shows in a round trip: groups with members and overrides, approved folders,
 * devices and accounts, prompt settings, SIEM targets, a repository, byte counts beyond a
 * DWORD, fractional seconds, switches turned off, and text with characters XML and JSON escape.
 */
export const roundTripDocument = {
  version: 1,
  removableVolumes: {
    monitor: false,
    mountRoots: ['/media', '/mnt/usb sticks'],
    approvedDevices: [
      {
        vendorId: '0781',
        productId: '5581',
        serial: '4C53*',
        description: 'Finance "vault" <drive>',
      },
    ],
    action: 'prompt',
  },
  cloudSync: {
    monitor: true,
    approvedFolders: [
      'C:\\Users\\alice\\OneDrive - Acme & Co',
      'D:\\Archive\\0001',
      '/home/alice/Nextcloud',
    ],
    approvedAccounts: [
      { provider: 'onedrive', organisation: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    ],
    action: 'notify',
  },
  networkShares: { monitor: true, action: 'audit' },
  prompt: {
    reasons: ['Restore test for ticket 4711', 'Moving it to the vault', 'Not a backup'],
    requireText: true,
    timeoutSeconds: 120,
    defaultOutcome: 'release',
    batchWindowSeconds: 2.5,
  },
  nonBackupFiles: 'ignore',
  detections: {
    unauthorizedDeviceTransfer: { risk: 'high' },
    cloudStorageUpload: { risk: 'medium' },
    networkShareTransfer: { risk: 'low' },
    bulkBackupCopy: { risk: 'medium', maxFiles: 5, maxBytes: 6 * 1024 ** 4, windowMinutes: 90 },
  },
  activityLog: { maxAgeDays: 400, maxEvents: 250_000 },
  quarantine: {
    maxAgeDays: 30,
    maxTotalBytes: 200 * 1024 ** 3,
    placeholder: true,
    contact: 'the service desk, extension 4711',
  },
  forwarding: {
    targets: [
      {
        name: 'siem',
        kind: 'syslog',
        host: 'siem.acme.example',
        port: 6514,
        tls: { caFile: '/etc/copywarden/siem-ca.pem' },
      },
      {
        name: 'splunk',
        kind: 'splunk-hec',
        url: 'https://splunk.acme.example:8088/services/collector/event',
        tokenFile: '/etc/copywarden/hec.token',
      },
    ],
    outbox: { maxEvents: 5_000, overflow: 'drop-newest' },
    batchMaxEvents: 50,
    retry: { initialDelaySeconds: 0.5, maxDelaySeconds: 600 },
    heartbeatIntervalSeconds: 60,
  },
  groups: [
    {
      id: 'it-operations',
      name: 'IT Operations & InfoSec',
      members: { osGroups: ['ACME\\IT-Ops', 'it-ops'], users: ['bob'] },
      handlesBackups: true,
      overrides: { removableVolumes: { action: 'audit' }, prompt: { requireText: false } },
    },
    { id: 'contractors', name: 'Contractors', members: { users: ['carol'] }, monitoring: true },
    { id: 'everyone', name: 'Everyone else' },
  ],
  defaultGroup: 'everyone',
  repositories: [{ path: '\\\\backup01\\veeam', name: 'Veeam repository' }],
};

/** The round-trip policy, validated, with every default filled in. */
export function roundTripPolicy(): Policy {
  const result = validatePolicyDocument(roundTripDocument);
  if (!result.ok) {
    throw new Error(`the round-trip policy is invalid: ${JSON.stringify(result.errors)}`);
  }
  return result.policy;
}
