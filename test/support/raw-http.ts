import http from 'node:http';
import zlib from 'node:zlib';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Bytes of the body as sent on the wire (compressed when content-encoding says so). */
  wireBytes: number;
  /** The body decoded (gunzipped or brotli-decompressed) as text. */
  text: string;
}

/** A request whose body is read as sent, without the transparent decompression of fetch. */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? (options.body ? 'POST' : 'GET'), headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const decoded = encoding === 'br' ? zlib.brotliDecompressSync(raw) : encoding === 'gzip' ? zlib.gunzipSync(raw) : encoding === 'deflate' ? zlib.inflateSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wireBytes: raw.length, text: decoded.toString('utf8') });
      });
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/** Posts a GraphQL body (any JSON: query, extensions...) and decodes the answer. */
export async function rawGraphql(baseUrl: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await rawRequest(`${baseUrl}/graphql`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  return { ...response, json: JSON.parse(response.text) as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] } };
}
