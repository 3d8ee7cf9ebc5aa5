import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from './roles';

/**
 * Users known to this server. With an OpenID Connect provider (JWKS_URL) users live there and
 * this table only helps name actors; with JWT_SECRET it holds the demo users `npm run token` signs for.
 */
@Entity({ name: 'users' })
export class User {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', unique: true }) email!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'uuid', name: 'agency_id' }) agencyId!: string;
  @Column({ type: 'text', array: true }) roles!: Role[];
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
