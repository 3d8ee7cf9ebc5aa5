import { ArgsType, Field } from 'type-graphql';
import { Matches } from 'class-validator';
import { says } from './validation';

/** The optional `idempotencyKey` of a mutation that may be retried; validated like every argument (src/shared/validation.ts). */
@ArgsType()
export class IdempotencyArgs {
  @Field(() => String, {
    nullable: true,
    description: 'A key of yours (8 to 100 characters) for this request: a retry with the same key returns the first result instead of acting twice',
  })
  @Matches(/^[\x21-\x7e]{8,100}$/, says('validation.idempotencyKey'))
  idempotencyKey?: string | null;
}
