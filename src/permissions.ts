import { GraphQLError, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { and, or, rule, shield } from 'graphql-shield';
import { hasRole, Role } from './auth/roles';
import type { Context } from './shared/context';
import { forbidden } from './shared/errors';
import { isUuid } from './shared/ids';

/** A rule or a combination of rules. */
type ShieldRule = Parameters<typeof and>[number];

/**
 * The one access policy: every Query and Mutation field has a rule here, anything not listed is denied.
 * Rules decide who may call a field (role, and for agency-scoped writes, whose record it is); which
 * fields of a record a caller may read is decided in src/policy/.
 */

const isAuthenticated = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => (ctx.viewer ? true : ctx.authError!));

const role = (...roles: Role[]) =>
  rule(`role:${roles.join('|')}`, { cache: 'contextual' })((_p, _a, ctx: Context) =>
    hasRole(ctx.viewer, ...roles) ? true : forbidden(`This needs the role ${roles.join(' or ')}`),
  );

/**
 * The caller holds one of `roles` in the agency that owns the target record. When the record does not
 * exist the rule passes and the resolver answers NOT_FOUND, so the error names the real problem.
 */
const ownershipRules = new Map<string, ShieldRule>();
const ofOwningAgency = (name: string, owner: (args: any, ctx: Context) => Promise<string | null | undefined>, ...roles: Role[]) => {
  // graphql-shield wants one instance per rule name
  const key = `own:${name}:${roles.join('|')}`;
  if (!ownershipRules.has(key)) ownershipRules.set(key, ownershipRule(key, owner, roles));
  return ownershipRules.get(key)!;
};
const ownershipRule = (key: string, owner: (args: any, ctx: Context) => Promise<string | null | undefined>, roles: Role[]) =>
  rule(key, { cache: 'strict' })(async (_p, args, ctx: Context) => {
    if (!hasRole(ctx.viewer, ...roles)) return forbidden(`This needs the role ${roles.join(' or ')} in the agency concerned, or NETWORK_ADMIN`);
    const agencyId = await owner(args, ctx);
    if (agencyId === null || agencyId === undefined) return true;
    return agencyId === ctx.viewer!.agencyId ? true : forbidden('This record belongs to another agency: only its own staff or a NETWORK_ADMIN may change it');
  });

const networkAdmin = role(Role.NETWORK_ADMIN);
const authenticated = isAuthenticated;
const agencyStaffOrAdmin = (owner: Parameters<typeof ofOwningAgency>[1], name: string, ...roles: Role[]) =>
  and(isAuthenticated, or(networkAdmin, ofOwningAgency(name, owner, ...roles)));

const owners = {
  agencyArg: async (args: any) => args.input?.agencyId as string,
  agencyInput: async (args: any) => args.input?.id as string,
  location: async (args: any, ctx: Context) => (await ctx.loaders.location.load(args.input?.id))?.agencyId,
  service: async (args: any, ctx: Context) => (await ctx.loaders.service.load(args.id ?? args.input?.id))?.agencyId,
  provider: async (args: any) => args.providerAgencyId as string,
  partnership: async (args: any, ctx: Context) =>
    isUuid(args.id) ? (await ctx.db.query(`SELECT provider_agency_id FROM partnerships WHERE id = $1`, [args.id]))[0]?.provider_agency_id : null,
};

export const rules: { Query: Record<string, ShieldRule>; Mutation: Record<string, ShieldRule> } = {
  Query: {
    me: authenticated,
    myAgency: authenticated,
    services: authenticated,
    service: authenticated,
    agencies: authenticated,
    agency: authenticated,
    areas: authenticated,
    area: authenticated,
    serviceCategories: authenticated,
    locations: authenticated,
    location: authenticated,
    partnerships: and(isAuthenticated, or(networkAdmin, rule({ cache: 'strict' })((_p, args, ctx: Context) =>
      args.agencyId === ctx.viewer!.agencyId ? true : forbidden('You can list only your own agency\'s partnerships')))),
  },
  Mutation: {
    createAgency: and(isAuthenticated, networkAdmin),
    updateAgency: agencyStaffOrAdmin(owners.agencyInput, 'agency', Role.AGENCY_ADMIN),
    createArea: and(isAuthenticated, networkAdmin),
    createLocation: agencyStaffOrAdmin(owners.agencyArg, 'newLocation', Role.AGENCY_ADMIN),
    updateLocation: agencyStaffOrAdmin(owners.location, 'location', Role.AGENCY_ADMIN),
    createService: agencyStaffOrAdmin(owners.agencyArg, 'newService', Role.AGENCY_ADMIN),
    updateService: agencyStaffOrAdmin(owners.service, 'service', Role.AGENCY_ADMIN),
    verifyService: agencyStaffOrAdmin(owners.service, 'service', Role.AGENCY_ADMIN),
    setServiceStatus: agencyStaffOrAdmin(owners.service, 'service', Role.AGENCY_ADMIN),
    // focal points handle intake, so they keep capacity current too
    updateServiceCapacity: agencyStaffOrAdmin(owners.service, 'service', Role.AGENCY_ADMIN, Role.REFERRAL_FOCAL_POINT),
    recordPartnership: agencyStaffOrAdmin(owners.provider, 'provider', Role.AGENCY_ADMIN),
    endPartnership: agencyStaffOrAdmin(owners.partnership, 'partnership', Role.AGENCY_ADMIN),
  },
};

const denied = new GraphQLError('You are not allowed to do this', { extensions: { code: 'FORBIDDEN' } });

/**
 * Applies the rules to the root fields only. Object-type fields are reachable only through a root field
 * that passed its rule, and their protection lives in src/policy/; wrapping every field of every type
 * would add a promise per field of a response for nothing.
 */
export const shieldOptions = { fallbackRule: rule('deny')(() => false), fallbackError: denied, allowExternalErrors: true };

export function applyPermissions(schema: GraphQLSchema, ruleTree: typeof rules = rules): GraphQLSchema {
  const generator = shield(ruleTree, shieldOptions);
  const middleware = (generator as any).generate(schema) as Record<string, unknown>;
  const roots = Object.fromEntries(Object.entries(middleware).filter(([type]) => type === 'Query' || type === 'Mutation'));
  return applyMiddleware(schema, roots as any);
}
