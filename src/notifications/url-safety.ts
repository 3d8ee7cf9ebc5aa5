/**
 * Where a webhook may point. A server that calls URLs its users give can be turned against the network it
 * runs in (server-side request forgery): outside development no endpoint may reach a loopback, private,
 * link-local or otherwise reserved address, neither as written nor as its name resolves at delivery time
 * (a name may resolve differently later); in production only https.
 */
import dns from 'node:dns';
import net from 'node:net';
import type { Problem } from '../shared/errors';

export interface UrlPolicy {
  requireHttps: boolean;
  allowPrivateTargets: boolean;
}

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['2001::', 32],
] as const) blocked.addSubnet(prefix, bits, 'ipv6');

/** True for an address no webhook may reach outside development. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  // an IPv4 address written as IPv6 (::ffff:10.0.0.1) is the IPv4 address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], 'ipv4');
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hexMapped) {
    const [hi, lo] = [parseInt(hexMapped[1], 16), parseInt(hexMapped[2], 16)];
    return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
  }
  return blocked.check(address, 'ipv6');
}

/** What is wrong with a webhook URL under the policy, or null. Names are checked again when they resolve. */
export function webhookUrlProblem(raw: string, policy: UrlPolicy): Pick<Problem, 'key' | 'params'> | null {
  if (raw.length > 2000) return { key: 'webhooks.urlTooLong' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { key: 'webhooks.urlInvalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { key: 'webhooks.urlHttpOnly' };
  if (policy.requireHttps && url.protocol !== 'https:') return { key: 'webhooks.urlHttpsOnly' };
  if (url.username || url.password) return { key: 'webhooks.urlCredentials' };
  if (url.hash) return { key: 'webhooks.urlFragment' };
  if (policy.allowPrivateTargets) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (net.isIP(host)) return isPrivateAddress(host) ? { key: 'webhooks.privateAddress', params: { host } } : null;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || !host.includes('.')) {
    return { key: 'webhooks.localName', params: { host } };
  }
  return null;
}

/**
 * A dns.lookup for http.request that refuses names resolving to a private address (unless allowed), so a
 * name registered as public cannot be pointed inside the network later (DNS rebinding).
 */
export function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: any[]) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses: dns.LookupAddress[]) => {
      if (err) return callback(err);
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused) return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }));
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  }) as net.LookupFunction;
}
