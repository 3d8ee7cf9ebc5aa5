import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { CurrentViewer } from '../auth/current-viewer';
import type { Viewer } from '../auth/roles';
import type { Context } from '../context';
import { exportSubjectAccessPackage, SubjectAccessPackage, subjectAccessCase } from './subject-access';
import { pageLanguage } from './subject-access-labels';
import { signSubjectAccessLink } from './subject-access-page';

@ObjectType()
class SubjectAccessReportLink {
  @Field({ description: 'Open in a browser; works without a bearer token until it expires' }) url!: string;
  @Field() expiresAt!: Date;
  @Field({ description: 'The language the page will be written in' }) language!: string;
}

@Resolver()
export class SubjectAccessResolver {
  @Query(() => SubjectAccessPackage, { description: 'The person\'s own copy of a case of your agency: every field held, every consent, every referral, and which agencies received or read which fields when (the owning agency\'s DPO or the assigned case manager; audited)' })
  subjectAccessPackage(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('caseId', () => ID) caseId: string,
    @Arg('lang', () => String, { nullable: true, description: 'Write names in this language when it has a translation, instead of the person\'s' }) lang: string | null) {
    return exportSubjectAccessPackage(ctx.db, ctx.services.audit, viewer, caseId, { format: 'graphql', via: 'token', lang });
  }

  @Mutation(() => SubjectAccessReportLink, { description: 'A short-lived signed link to the printable page of the person\'s own copy (/reports/subject-access/:caseId); opening it is audited' })
  async createSubjectAccessReportLink(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('caseId', () => ID) caseId: string,
    @Arg('lang', () => String, { nullable: true, description: 'The page\'s language when it has a translation (en, fr, ar); default: the person\'s first language that has one, else English' }) lang: string | null): Promise<SubjectAccessReportLink> {
    const c = await subjectAccessCase(ctx.db, viewer, caseId);
    const { token, expiresAt } = await signSubjectAccessLink(ctx.config, viewer, c.id);
    const language = pageLanguage(c.languages ?? [], lang);
    return { url: `/reports/subject-access/${c.id}?link=${token}${lang && language === lang.toLowerCase() ? `&lang=${language}` : ''}`, expiresAt, language };
  }
}
