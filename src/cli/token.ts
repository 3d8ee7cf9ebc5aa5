import 'reflect-metadata';
import { loadConfig } from '../config';
import { signToken } from '../auth/jwt';
import { users } from '../../seed/demo-data';

/** `npm run token -- <email> [expiry]`: prints a bearer token for a demo user, signed with JWT_SECRET (or the development secret). */
async function main() {
  const [email, expiresIn = '12h'] = process.argv.slice(2);
  const config = loadConfig();
  if (!email) {
    console.error('Usage: npm run token -- <email> [expiry, e.g. 12h]\n\nDemo users:');
    for (const u of users) console.error(`  ${u.email.padEnd(48)} ${u.roles.join(', ')}`);
    process.exit(2);
  }
  if (config.jwt.jwksUrl && !process.env.JWT_SECRET) {
    console.error('This server verifies tokens against JWKS_URL: get a token from your identity provider.');
    process.exit(2);
  }
  const user = users.find((u) => u.email.toLowerCase() === email.toLowerCase());
  if (!user) {
    console.error(`No demo user ${email}. Run without arguments to list them.`);
    process.exit(2);
  }
  const token = await signToken(config.jwt.secret!, { sub: user.id, agency: user.agency, roles: user.roles, email: user.email, name: user.name }, expiresIn, {
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
  });
  const { exp, iat } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number; iat: number };
  if (exp - iat > config.jwt.maxLifetimeHours * 3600) {
    console.error(`The server refuses tokens that live longer than JWT_MAX_LIFETIME_HOURS (${config.jwt.maxLifetimeHours} h): ask for ${config.jwt.maxLifetimeHours}h or less.`);
    process.exit(2);
  }
  process.stdout.write(`${token}\n`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
