import { Directory1763900000000 } from './1763900000000-Directory';
import { Agreements1763900100000 } from './1763900100000-Agreements';
import { CasesReferrals1763900200000 } from './1763900200000-CasesReferrals';
import { AccessRequests1763900300000 } from './1763900300000-AccessRequests';
import { Pathways1763900400000 } from './1763900400000-Pathways';
import { AuditChain1763900500000 } from './1763900500000-AuditChain';
import { Idempotency1763900600000 } from './1763900600000-Idempotency';
import { AuditChainIndex1763900700000 } from './1763900700000-AuditChainIndex';
import { SearchKeys1763900800000 } from './1763900800000-SearchKeys';
import { DisclosureEvents1763900900000 } from './1763900900000-DisclosureEvents';
import { ReferralIndexes1763901000000 } from './1763901000000-ReferralIndexes';
import { MouSignaturesPublicAreas1763901100000 } from './1763901100000-MouSignaturesPublicAreas';
import { StatisticsProtection1763901200000 } from './1763901200000-StatisticsProtection';
import { AgencyAuthority1763901300000 } from './1763901300000-AgencyAuthority';
import { NeedToKnow1763901400000 } from './1763901400000-NeedToKnow';
import { ReferralLoop1763901500000 } from './1763901500000-ReferralLoop';
import { ReferralMessages1763901600000 } from './1763901600000-ReferralMessages';
import { ServiceFeedback1763901700000 } from './1763901700000-ServiceFeedback';
import { Webhooks1763901800000 } from './1763901800000-Webhooks';
import { CaseProtection1763901900000 } from './1763901900000-CaseProtection';
import { CaseLifecycle1763902000000 } from './1763902000000-CaseLifecycle';
import { CaseErasure1763902200000 } from './1763902200000-CaseErasure';
import { ServiceDetails1763902300000 } from './1763902300000-ServiceDetails';
import { DirectoryUpkeep1763902400000 } from './1763902400000-DirectoryUpkeep';
import { HsdsImport1763902800000 } from './1763902800000-HsdsImport';
import { SearchIndexFeed1763903100000 } from './1763903100000-SearchIndexFeed';

/** Every migration, in order. Listed explicitly so the same list works from src (tests) and dist (server, CLI). */
export const migrations = [Directory1763900000000, Agreements1763900100000, CasesReferrals1763900200000, AccessRequests1763900300000, Pathways1763900400000, AuditChain1763900500000, Idempotency1763900600000, AuditChainIndex1763900700000, SearchKeys1763900800000, DisclosureEvents1763900900000, ReferralIndexes1763901000000, MouSignaturesPublicAreas1763901100000, StatisticsProtection1763901200000, AgencyAuthority1763901300000, NeedToKnow1763901400000, ReferralLoop1763901500000, ReferralMessages1763901600000, ServiceFeedback1763901700000, Webhooks1763901800000, CaseProtection1763901900000, CaseLifecycle1763902000000, CaseErasure1763902200000, ServiceDetails1763902300000, DirectoryUpkeep1763902400000, HsdsImport1763902800000, SearchIndexFeed1763903100000];
