import { gql, SERVER_URL, tokenFor } from './support/client';

describe('request limits, enforced before execution', () => {
  let token: string;
  beforeAll(async () => {
    token = await tokenFor('amina.cm@iom-niger.example.org');
  });

  it('refuses a query deeper than the limit, with no data and no SQL run', async () => {
    const deep = '{ services(first: 1) { edges { node { agency { services(first: 1) { edges { node { agency { services(first: 1) { edges { node { id } } } } } } } } } } } }';
    const r = await gql(deep, {}, token);
    expect(r.status).toBe(400);
    expect(r.data).toBeNull();
    expect(r.errors![0].message).toMatch(/depth/i);
    expect(r.statements).toBe(0);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: me { userId }`).join(' ');
    const r = await gql(`{ ${aliases} }`, {}, token);
    expect(r.data).toBeNull();
    expect(r.errors![0].message).toMatch(/alias/i);
  });

  it('refuses a query whose cost is over the limit', async () => {
    const wide = Array.from({ length: 8 }, (_, i) => `s${i}: services(first: 100) { edges { node { id name description agency { name } categories { code name } locations { name area { name } } } } }`).join(' ');
    const r = await gql(`{ ${wide} }`, {}, token);
    expect(r.data).toBeNull();
    expect(r.errors![0].message).toMatch(/cost/i);
    expect(r.statements).toBe(0);
  });

  it('refuses a request body over the size limit', async () => {
    const response = await fetch(`${SERVER_URL()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { userId } }', variables: { padding: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as any;
    expect(body.errors[0].message).toMatch(/larger than/);
  });
});
