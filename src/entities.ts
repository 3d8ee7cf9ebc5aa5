import { User } from './auth/user.entity';
import { Agency, Area, Location, Partnership, Service, ServiceCategory } from './directory/entities';
import { DataSharingAgreement, Mou, Sop } from './agreements/entities';
import { Case, Consent } from './cases/entities';
import { Referral } from './referrals/entities';
import { DataAccessRequest } from './access-requests/entities';
import { Pathway } from './coverage/entities';

/** Every TypeORM entity: the composition root hands them to the database layer. Each domain module adds its own here. */
export const entities = [User, Area, Agency, ServiceCategory, Location, Service, Partnership, Mou, Sop, DataSharingAgreement, Case, Consent, Referral, DataAccessRequest, Pathway];
